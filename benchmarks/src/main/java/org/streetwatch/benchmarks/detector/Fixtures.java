package org.streetwatch.benchmarks.detector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.streetwatch.detector.inference.Detector;
import org.streetwatch.detector.model.ModelCatalog;
import org.streetwatch.detector.model.ModelDescriptor;
import org.streetwatch.ingest.decode.FrameDecoder;
import org.streetwatch.ingest.packet.Packet;
import org.streetwatch.ingest.source.CameraClock;
import org.streetwatch.ingest.source.PacketSource;
import org.streetwatch.ingest.testing.SharedData;

/** Inputs shared by the detector benchmarks: real frames of vtest and the shared models. */
final class Fixtures {

    private Fixtures() {
    }

    /** {@code n} frames of vtest (768x576), one per second of footage, decoded at the camera's resolution. */
    static List<Mat> frames(int n) throws Exception {
        List<Mat> out = new ArrayList<>();
        Path video = SharedData.video("vtest_h264.mp4");
        try (PacketSource src = PacketSource.open(video.toString(), Duration.ofSeconds(5));
             FrameDecoder dec = new FrameDecoder(src.info())) {
            CameraClock clock = new CameraClock(false, 0);
            PacketSource.Read r;
            int i = 0;
            while (out.size() < n && (r = src.read(Duration.ofSeconds(5))) != null) {
                long[] t = clock.map(r.ptsUs(), r.dtsUs(), 0);
                if (dec.decode(new Packet(t[0], t[1], r.durationUs(), r.key(), r.data())) && i++ % 10 == 0) {
                    out.add(dec.toBgr(src.info().width(), src.info().height()));
                }
            }
        }
        return out;
    }

    static ModelCatalog catalog() {
        return new ModelCatalog(List.of(SharedData.models()));
    }

    static Detector detector(String model, Detector.Options opts) throws Exception {
        ModelCatalog c = catalog();
        ModelDescriptor d = c.descriptor(model);
        return Detector.open(d, c.weights(d), opts);
    }
}
