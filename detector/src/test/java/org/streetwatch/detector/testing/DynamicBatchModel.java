package org.streetwatch.detector.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.streetwatch.detector.inference.FreeShapeModel;
import org.streetwatch.detector.model.ModelDescriptor;

/**
 * A dynamic-batch copy of the shared YOLOX-Nano (input {@code images}, output {@code output}), whose batch was fixed
 * to 1 at export, written once to a file ({@link FreeShapeModel}). Used by the batching test and the batch-size sweep.
 */
public final class DynamicBatchModel {

    private DynamicBatchModel() {
    }

    public static Path of(Path fixed, Path out) throws IOException {
        return of(fixed, out, false);
    }

    /**
     * @param anySize also make the input's height and width (and the output's anchor count) symbolic, so the same
     *                weights run at a larger input (convolutions do not care; the decoder computes the grid)
     */
    public static Path of(Path fixed, Path out, boolean anySize) throws IOException {
        if (Files.isRegularFile(out)) {
            return out;
        }
        byte[] freed = FreeShapeModel.of(Files.readAllBytes(fixed), "images", "output", true,
                anySize ? List.of(2, 3) : List.of());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = out.resolveSibling(out.getFileName() + ".part");
        Files.write(tmp, freed);
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return out;
    }

    /** {@code d} for the dynamic-batch copy: the same but a batch of any size. */
    public static ModelDescriptor descriptor(ModelDescriptor d) {
        List<Long> shape = new ArrayList<>(d.input().shape());
        shape.set(0, -1L);
        ModelDescriptor.Input in = new ModelDescriptor.Input(d.input().name(), shape, d.input().layout(),
                d.input().color(), d.input().scale(), d.input().mean(), d.input().std(), d.input().resize(),
                d.input().align(), d.input().fill(), d.input().fit());
        return new ModelDescriptor(d.name() + "_dynamic", d.file(), d.sha256(), d.source(), d.license(), in,
                d.output(), d.classes(), d.kinds(), d.scoreThreshold(), d.classThresholds(), d.nmsIou(),
                d.classAgnosticNms());
    }
}
