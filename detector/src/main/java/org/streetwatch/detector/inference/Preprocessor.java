package org.streetwatch.detector.inference;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.divide;
import static org.bytedeco.opencv.global.opencv_core.extractChannel;
import static org.bytedeco.opencv.global.opencv_core.subtract;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.nio.ByteBuffer;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.streetwatch.detector.model.ModelDescriptor;

/**
 * Writes BGR pictures into an input tensor as the model expects them: letterboxed or stretched, in the model's channel
 * order, scaled and normalised, NCHW or NHWC.
 *
 * <p>No intermediate copies of the picture: it is resized straight into a reused canvas (or copied, if ingest already
 * decoded it at the letterboxed size), and each channel is converted straight into its plane of the tensor's direct
 * buffer through an OpenCV header over that memory. Owned by one worker thread.
 */
public final class Preprocessor implements AutoCloseable {

    private final ModelDescriptor.Input spec;
    private final int width;
    private final int height;
    private final Mat canvas;
    private final Mat channel;
    private final BytePointer tensorMemory;
    private final int slots;
    private final Mat[][] planes; // [slot][c] views into the tensor (NCHW) or [slot][0] (NHWC)
    private final double[] alpha = new double[3];
    private final double[] beta = new double[3];
    private final Scalar fill;
    private final Mat mean;
    private final Mat std;
    private final Size size = new Size();
    private final Rect rect = new Rect();

    /** @param tensor the direct buffer behind the input tensor, {@code slots} pictures long */
    public Preprocessor(ModelDescriptor.Input spec, ByteBuffer tensor, int slots) {
        this.spec = spec;
        this.width = spec.width();
        this.height = spec.height();
        this.slots = slots;
        if (!tensor.isDirect() || tensor.capacity() < (long) slots * 3 * width * height * Float.BYTES) {
            throw new IllegalArgumentException("tensor buffer must be direct and hold " + slots + " pictures");
        }
        canvas = new Mat(height, width, CV_8UC3);
        channel = new Mat(height, width, CV_8UC1);
        tensorMemory = new BytePointer(tensor);
        planes = new Mat[slots][];
        long planeBytes = (long) width * height * Float.BYTES;
        for (int s = 0; s < slots; s++) {
            if (spec.nchw()) {
                planes[s] = new Mat[3];
                for (int c = 0; c < 3; c++) {
                    planes[s][c] = new Mat(height, width, CV_32F,
                            new BytePointer(tensorMemory).position((s * 3L + c) * planeBytes));
                }
            } else {
                planes[s] = new Mat[] {new Mat(height, width, CV_32FC3,
                        new BytePointer(tensorMemory).position(s * 3L * planeBytes))};
            }
        }
        List<Double> m = spec.mean();
        List<Double> d = spec.std();
        for (int c = 0; c < 3; c++) {
            alpha[c] = spec.scale() / d.get(c);
            beta[c] = -m.get(c) / d.get(c);
        }
        fill = new Scalar(spec.fill(), spec.fill(), spec.fill(), 0);
        mean = new Mat(new Scalar(m.get(0), m.get(1), m.get(2), 0));
        std = new Mat(new Scalar(d.get(0), d.get(1), d.get(2), 1));
    }

    public int slots() {
        return slots;
    }

    /** Writes {@code image} (BGR, 8-bit, any size) into slot {@code slot}; returns where it landed. */
    public Geometry write(Mat image, int slot) {
        int w = image.cols();
        int h = image.rows();
        Geometry g;
        if (spec.resize() == ModelDescriptor.Resize.STRETCH) {
            resize(image, canvas, size(width, height), 0, 0, INTER_LINEAR);
            g = new Geometry((double) width / w, (double) height / h, 0, 0, w, h);
        } else {
            double r = Math.min((double) width / w, (double) height / h);
            int nw = Math.min(width, (int) Math.floor(w * r));
            int nh = Math.min(height, (int) Math.floor(h * r));
            int px = spec.align() == ModelDescriptor.Align.CENTER ? (width - nw) / 2 : 0;
            int py = spec.align() == ModelDescriptor.Align.CENTER ? (height - nh) / 2 : 0;
            if (nw < width || nh < height) {
                canvas.put(fill);
            }
            rect.x(px).y(py).width(nw).height(nh);
            try (Mat roi = canvas.apply(rect)) {
                if (nw == w && nh == h) {
                    image.copyTo(roi); // ingest already decoded at the letterboxed size
                } else {
                    resize(image, roi, size(nw, nh), 0, 0, INTER_LINEAR);
                }
            }
            g = new Geometry((double) nw / w, (double) nh / h, px, py, w, h);
        }
        if (spec.nchw()) {
            for (int c = 0; c < 3; c++) {
                int src = spec.rgb() ? 2 - c : c; // canvas is BGR
                extractChannel(canvas, channel, src);
                channel.convertTo(planes[slot][c], CV_32F, alpha[c], beta[c]);
            }
        } else {
            if (spec.rgb()) {
                cvtColor(canvas, canvas, COLOR_BGR2RGB);
            }
            Mat plane = planes[slot][0];
            canvas.convertTo(plane, CV_32FC3, spec.scale(), 0);
            subtract(plane, mean, plane);
            divide(plane, std, plane);
        }
        return g;
    }

    private Size size(int w, int h) {
        return size.width(w).height(h);
    }

    @Override
    public void close() {
        for (Mat[] ps : planes) {
            for (Mat p : ps) {
                p.close();
            }
        }
        canvas.close();
        channel.close();
        fill.close();
        mean.close();
        std.close();
        size.close();
        rect.close();
    }
}
