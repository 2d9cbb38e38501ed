package org.streetwatch.daemon.cli;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.daemon.config.ModelDirs;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "detect", mixinStandardHelpOptions = true, description = {
        "Runs a model on pictures and prints one JSON object per detection per line:",
        "{\"image\":…,\"class\":…,\"score\":…,\"box\":[x1,y1,x2,y2]} in original-image pixels."})
final class DetectCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "yolox_nano", paramLabel = "NAME",
            description = "Model descriptor name (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Models folder (default: $STREETWATCH_MODELS, then ./models)")
    Path models;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "Pictures (JPEG, PNG, ...)")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        ModelCatalog catalog = new ModelCatalog(models != null ? List.of(models) : ModelDirs.defaults());
        ModelDescriptor d = catalog.descriptor(model);
        JsonMapper json = JsonMapper.builder().build();
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            for (Path img : images) {
                if (!Files.isRegularFile(img)) {
                    throw new CommandFailure("no such picture: " + img);
                }
                List<Detection> found;
                try (Mat m = imread(img.toString())) {
                    if (m == null || m.empty()) {
                        throw new CommandFailure("cannot decode picture: " + img);
                    }
                    found = det.detect(m);
                }
                for (Detection x : found) {
                    System.out.println(json.writeValueAsString(row(img.toString(), x)));
                }
            }
        }
        return 0;
    }

    static Map<String, Object> row(String image, Detection x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image);
        m.put("class", x.label());
        m.put("score", Math.round(x.score() * 1000) / 1000.0);
        List<Double> box = new ArrayList<>();
        for (float v : new float[] {x.box().x1(), x.box().y1(), x.box().x2(), x.box().y2()}) {
            box.add(Math.round(v * 10) / 10.0);
        }
        m.put("box", box);
        return m;
    }
}
