package org.streetwatch.daemon.cli;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.daemon.config.ModelDirs;
import org.streetwatch.detector.Detection;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.evidence.snapshot.SnapshotRenderer;
import org.streetwatch.ingest.decode.FileFrames;
import org.streetwatch.violation.Still;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "detect", mixinStandardHelpOptions = true, description = {
        "Runs a model on pictures or videos and prints one JSON object per detection per line:",
        "{\"image\":…,\"class\":…,\"score\":…,\"box\":[x1,y1,x2,y2]} in original-image pixels (videos add \"frame\"",
        "and \"time\"). With --annotate DIR it also writes what the model sees: DIR/NAME.jpg for a picture,",
        "DIR/NAME.annotated.mp4 for a video."})
final class DetectCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "yolox_nano", paramLabel = "NAME",
            description = "Model descriptor name (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--models", paramLabel = "DIR",
            description = "Models folder (default: $STREETWATCH_MODELS, then ./models)")
    Path models;

    @Option(names = "--every", defaultValue = "1", paramLabel = "K",
            description = "For a video, detect on every K-th frame (default: ${DEFAULT-VALUE})")
    int every;

    @Option(names = "--annotate", paramLabel = "DIR", description = "Write annotated copies into DIR")
    Path annotate;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Pictures (JPEG, PNG, ...) or videos (MP4, AVI, ...)")
    List<Path> inputs;

    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public Integer call() throws Exception {
        if (every < 1) {
            throw new CommandFailure("--every must be at least 1");
        }
        ModelCatalog catalog = new ModelCatalog(models != null ? List.of(models) : ModelDirs.defaults());
        ModelDescriptor d = catalog.descriptor(model);
        if (annotate != null) {
            Files.createDirectories(annotate);
        }
        try (Detector det = Detector.open(d, catalog.weights(d), Detector.Options.defaults())) {
            for (Path in : inputs) {
                if (!Files.isRegularFile(in)) {
                    throw new CommandFailure("no such file: " + in);
                }
                try (Mat m = imread(in.toString())) {
                    if (m != null && !m.empty()) {
                        picture(det, in, m);
                        continue;
                    }
                }
                video(det, in);
            }
        }
        return 0;
    }

    private void picture(Detector det, Path in, Mat m) throws Exception {
        List<Detection> found = det.detect(m);
        for (Detection x : found) {
            System.out.println(json.writeValueAsString(row(in.toString(), x, -1, -1)));
        }
        if (annotate != null) {
            SnapshotRenderer.draw(m, marks(found), List.of(), null, null);
            imwrite(annotate.resolve(base(in) + ".jpg").toString(), m);
        }
    }

    private void video(Detector det, Path in) throws Exception {
        FFmpegFrameRecorder out = null;
        try (FileFrames file = FileFrames.open(in);
             OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
            int w = file.info().width();
            int h = file.info().height();
            if (annotate != null) {
                // a picture for people to look at, not evidence: this one is re-encoded (boxes are drawn on it)
                out = new FFmpegFrameRecorder(annotate.resolve(base(in) + ".annotated.mp4").toFile(), w, h, 0);
                out.setFormat("mp4");
                out.setVideoCodecName("libopenh264");
                out.setFrameRate(file.info().frameRate() > 0 ? file.info().frameRate() : 25);
                out.setVideoBitrate(2_000_000);
                out.setPixelFormat(AV_PIX_FMT_YUV420P);
                out.start();
            }
            FFmpegFrameRecorder recorder = out;
            // what was found at the last analysed frame stays drawn on the frames between
            List<Detection> last = new ArrayList<>();
            file.forEach((frame, dec) -> {
                try (Mat m = dec.toBgr(w, h)) {
                    if (frame % every == 0) {
                        last.clear();
                        last.addAll(det.detect(m));
                        for (Detection x : last) {
                            System.out.println(json.writeValueAsString(row(in.toString(), x, frame,
                                    dec.picturePtsUs() / 1e6)));
                        }
                    }
                    if (recorder != null) {
                        SnapshotRenderer.draw(m, marks(last), List.of(), null, String.format(Locale.ROOT,
                                "%s  frame %d  %.1f s", base(in), frame, dec.picturePtsUs() / 1e6));
                        recorder.record(conv.convert(m));
                    }
                }
                return true;
            });
        } finally {
            if (out != null) {
                out.stop();
                out.release();
            }
        }
    }

    private static List<Still.Mark> marks(List<Detection> found) {
        List<Still.Mark> marks = new ArrayList<>();
        for (Detection x : found) {
            marks.add(new Still.Mark(x.box(), String.format(Locale.ROOT, "%s %.2f", x.label(), x.score())));
        }
        return marks;
    }

    private static String base(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    static Map<String, Object> row(String image, Detection x, int frame, double time) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", image);
        if (frame >= 0) {
            m.put("frame", frame);
            m.put("time", Math.round(time * 1000) / 1000.0);
        }
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
