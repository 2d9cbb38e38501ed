package org.streetwatch.detector.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.streetwatch.detector.inference.Geometry;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.detector.model.ModelException;

/** The YOLOv8/YOLO11-style head an operator's own model exports, in both layouts. */
class AnchorFreeDecoderTest {

    private static ModelDescriptor descriptor(int classes) {
        ModelDescriptor.Input in = new ModelDescriptor.Input("images", List.of(1L, 3L, 640L, 640L), "NCHW", "RGB",
                1 / 255.0, List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), ModelDescriptor.Resize.LETTERBOX,
                ModelDescriptor.Align.CENTER, 114, 0);
        List<String> names = List.of("stall", "muck_truck_uncovered", "muck_truck_covered").subList(0, classes);
        return new ModelDescriptor("own", "own.onnx", "0".repeat(64), null, null, in,
                new ModelDescriptor.Output("output0", ModelDescriptor.Decoder.ANCHOR_FREE, List.of()), names,
                Map.of(), 0.25, Map.of(), 0.45, false);
    }

    @Test
    void readsChannelsFirstAndChannelsLast() throws Exception {
        int anchors = 4;
        int nc = 2;
        float[][] rows = new float[anchors][4 + nc];
        rows[2] = new float[] {320, 240, 100, 50, 0.1f, 0.9f}; // an uncovered muck truck at the centre
        rows[3] = new float[] {10, 10, 5, 5, 0.2f, 0.1f}; // below threshold
        FloatBuffer first = FloatBuffer.allocate(anchors * (4 + nc));
        FloatBuffer last = FloatBuffer.allocate(anchors * (4 + nc));
        for (int a = 0; a < anchors; a++) {
            for (int c = 0; c < 4 + nc; c++) {
                first.put(c * anchors + a, rows[a][c]);
                last.put(a * (4 + nc) + c, rows[a][c]);
            }
        }
        // a 1280x960 picture letterboxed (centre) into 640x640: scale 0.5, 80 px of padding above and below
        Geometry g = new Geometry(0.5, 0.5, 0, 80, 1280, 960, 640, 640);
        float[] thr = {0.25f, 0.25f};
        for (var pair : List.of(Map.entry(new long[] {1, 4 + nc, anchors}, first),
                Map.entry(new long[] {1, anchors, 4 + nc}, last))) {
            Candidates c = new Candidates();
            OutputDecoder.of(descriptor(nc), pair.getKey()).decode(pair.getValue(), 0, g, thr, c);
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.classId(0)).isEqualTo(1);
            assertThat(c.score(0)).isEqualTo(0.9f);
            assertThat(new float[] {c.x1(0), c.y1(0), c.x2(0), c.y2(0)}).containsExactly(540f, 270f, 740f, 370f);
        }
    }

    @Test
    void aClassCountThatDoesNotMatchTheOutputIsOneClearLine() {
        assertThatThrownBy(() -> OutputDecoder.of(descriptor(3), new long[] {1, 6, 8400}))
                .isInstanceOf(ModelException.class)
                .hasMessage("model own: anchor_free decoder expects output [N, 7, anchors] or [N, anchors, 7] for 3 "
                        + "classes, but the network outputs [1, 6, 8400]");
    }
}
