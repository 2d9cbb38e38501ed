package org.streetwatch.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.ingest.testing.SharedData;
import org.streetwatch.violation.Box;

/** Both shared models against the reference detections in ../shared/data/images/reference_detections.txt. */
class DetectorReferenceTest {

    private record Ref(String label, double score, double[] box) {
    }

    /** The reference lines of one model on one image. */
    private static List<Ref> reference(String model, String image) throws Exception {
        List<String> lines = Files.readAllLines(SharedData.require("data/images/reference_detections.txt"));
        Pattern header = Pattern.compile("^" + Pattern.quote(model) + "\\.onnx on " + Pattern.quote(image) + ".*");
        Pattern row = Pattern.compile("^\\s+(\\S+)\\s+([0-9.]+)\\s+\\[(-?\\d+), (-?\\d+), (-?\\d+), (-?\\d+)]");
        List<Ref> refs = new ArrayList<>();
        boolean in = false;
        for (String l : lines) {
            if (header.matcher(l).matches()) {
                in = true;
                continue;
            }
            Matcher m = row.matcher(l);
            if (in && m.find()) {
                refs.add(new Ref(m.group(1), Double.parseDouble(m.group(2)), new double[] {
                        Double.parseDouble(m.group(3)), Double.parseDouble(m.group(4)),
                        Double.parseDouble(m.group(5)), Double.parseDouble(m.group(6))}));
            } else if (in) {
                break;
            }
        }
        assertThat(refs).as("reference rows for %s on %s", model, image).isNotEmpty();
        return refs;
    }

    @ParameterizedTest
    @CsvSource({
        "yolox_nano, dog.jpg, 'dog,bicycle,car'",
        "yolox_nano, person.jpg, 'person,dog,horse'",
        "yolox_nano, horses.jpg, 'horse'",
        "fastestdet_352, dog.jpg, 'dog,car,bicycle'",
        "fastestdet_352, person.jpg, 'sheep,dog,person'",
    })
    void matchesTheReferenceDetections(String model, String image, String mustFind) throws Exception {
        // the reference was made on the padded square input
        matches(model, image, mustFind, false, 0.02, 0.95);
    }

    /**
     * The input fitted to the picture (416 x 352 for dog.jpg's 4:3, not 416 x 416) sees the same pixels of the
     * picture, less grey padding: the same objects, scores and boxes within a little (the network's receptive field
     * at the picture's lower edge sees less grey).
     */
    @ParameterizedTest
    @CsvSource({
        "yolox_nano, dog.jpg, 'dog,bicycle,car'",
        "yolox_nano, person.jpg, 'person,dog,horse'",
        "yolox_nano, horses.jpg, 'horse'",
    })
    void aFittedInputFindsTheReferenceObjects(String model, String image, String mustFind) throws Exception {
        matches(model, image, mustFind, true, 0.05, 0.9);
    }

    private static void matches(String model, String image, String mustFind, boolean fit, double scoreOff,
                                double minIou) throws Exception {
        Path models = SharedData.models();
        ModelCatalog catalog = new ModelCatalog(List.of(models));
        ModelDescriptor d = catalog.descriptor(model);
        List<Detection> found;
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults().withFit(fit));
             Mat img = imread(SharedData.require("data/images/" + image).toString())) {
            found = det.detect(img);
        }
        for (String label : mustFind.split(",")) {
            Ref ref = reference(model, image).stream().filter(r -> r.label().equals(label))
                    .max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
            Detection best = found.stream().filter(x -> x.label().equals(label))
                    .max((a, b) -> Float.compare(a.score(), b.score()))
                    .orElseThrow(() -> new AssertionError(model + " found no " + label + " in " + image + ": " + found));
            assertThat((double) best.score()).as("%s score of %s in %s", model, label, image)
                    .isCloseTo(ref.score(), Offset.offset(scoreOff));
            Box refBox = new Box((float) ref.box()[0], (float) ref.box()[1], (float) ref.box()[2], (float) ref.box()[3]);
            assertThat((double) best.box().iou(refBox)).as("%s box of %s in %s: %s vs %s", model, label, image,
                    best.box(), refBox).isGreaterThan(minIou);
        }
    }
}
