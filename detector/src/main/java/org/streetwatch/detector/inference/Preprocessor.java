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
 * buffer through an OpenCV header over that memory. A fully convolutional network's input may be smaller than its
 * full shape (fitted to the picture): the canvas is then a view of its top-left corner. Owned by one worker thread.
 */
public final class Preprocessor implements AutoCloseable {

    private final ModelDescriptor.Input spec;
    private final int width;
    private final int height;
    private final Mat canvas;
    private final Mat channel;
    private final BytePointer tensorMemory;
    private final int slots;
    private final double[] alpha = new double[3];
    private final double[] beta = new double[3];
    private final Scalar fill;
    private final Mat mean;
    private final Mat std;
    private final Size size = new Size();
    private final Rect rect = new Rect();
    private Mat[][] planes;
    private int planesW;
    private int planesH;

    /** @param tensor the direct buffer behind the input tensor, {@code slots} pictures of the full input long */
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

    /** The letterbox scale of a {@code w x h} picture in the full input, at most {@code maxScale}. */
    public double scale(int w, int h, double maxScale) {
        return Math.min(maxScale, Math.min((double) width / w, (double) height / h));
    }

    /** Writes {@code image} (BGR, 8-bit, any size) into slot {@code slot} of the full input; where it landed. */
    public Geometry write(Mat image, int slot) {
        return write(image, slot, width, height, Double.POSITIVE_INFINITY);
    }

    /**
     * Writes {@code image} into slot {@code slot} of an input of {@code inW x inH} (the full input, or less for a
     * fully convolutional network: slots then lie {@code 3 x inW x inH} floats apart), letterboxed at the scale the
     * full input gives it but at most {@code maxScale}; where it landed.
     */
    public Geometry write(Mat image, int slot, int inW, int inH, double maxScale) {
        int w = image.cols();
        int h = image.rows();
        Geometry g;
        Mat in = canvas;
        if (spec.resize() == ModelDescriptor.Resize.STRETCH) {
            resize(image, canvas, size(width, height), 0, 0, INTER_LINEAR);
            g = new Geometry((double) width / w, (double) height / h, 0, 0, w, h, width, height);
        } else {
            double r = scale(w, h, maxScale);
            int nw = Math.min(inW, (int) Math.floor(w * r));
            int nh = Math.min(inH, (int) Math.floor(h * r));
            int px = spec.align() == ModelDescriptor.Align.CENTER ? (inW - nw) / 2 : 0;
            int py = spec.align() == ModelDescriptor.Align.CENTER ? (inH - nh) / 2 : 0;
            in = inW == width && inH == height ? canvas : canvas.apply(rect.x(0).y(0).width(inW).height(inH));
            if (nw < inW || nh < inH) {
                in.put(fill);
            }
            rect.x(px).y(py).width(nw).height(nh);
            try (Mat roi = in.apply(rect)) {
                if (nw == w && nh == h) {
                    image.copyTo(roi); // ingest already decoded at the letterboxed size
                } else {
                    resize(image, roi, size(nw, nh), 0, 0, INTER_LINEAR);
                }
            }
            g = new Geometry((double) nw / w, (double) nh / h, px, py, w, h, inW, inH);
        }
        try {
            toTensor(in, slot, in.cols(), in.rows());
        } finally {
            if (in != canvas) {
                in.close();
            }
        }
        return g;
    }

    /** Converts the BGR input picture into slot {@code slot}'s planes of the tensor, through headers over it. */
    private void toTensor(Mat in, int slot, int inW, int inH) {
        Mat[] at = planes(inW, inH)[slot];
        if (spec.nchw()) {
            Mat ch = inW == width && inH == height ? channel : channel.apply(rect.x(0).y(0).width(inW).height(inH));
            try {
                for (int c = 0; c < 3; c++) {
                    extractChannel(in, ch, spec.rgb() ? 2 - c : c); // the picture is BGR
                    ch.convertTo(at[c], CV_32F, alpha[c], beta[c]);
                }
            } finally {
                if (ch != channel) {
                    ch.close();
                }
            }
        } else {
            if (spec.rgb()) {
                cvtColor(in, in, COLOR_BGR2RGB);
            }
            in.convertTo(at[0], CV_32FC3, spec.scale(), 0);
            subtract(at[0], mean, at[0]);
            divide(at[0], std, at[0]);
        }
    }

    /**
     * Headers over the tensor's planes for an input of {@code inW x inH}, [slot][channel] (NCHW) or [slot][0] (NHWC):
     * kept while the input size stays (always, for a fixed-size model), made anew when it changes.
     */
    private Mat[][] planes(int inW, int inH) {
        if (planes != null && planesW == inW && planesH == inH) {
            return planes;
        }
        closePlanes();
        long planeBytes = (long) inW * inH * Float.BYTES;
        planes = new Mat[slots][];
        for (int s = 0; s < slots; s++) {
            if (spec.nchw()) {
                planes[s] = new Mat[3];
                for (int c = 0; c < 3; c++) {
                    planes[s][c] = new Mat(inH, inW, CV_32F,
                            new BytePointer(tensorMemory).position((s * 3L + c) * planeBytes));
                }
            } else {
                planes[s] = new Mat[] {new Mat(inH, inW, CV_32FC3,
                        new BytePointer(tensorMemory).position(s * 3L * planeBytes))};
            }
        }
        planesW = inW;
        planesH = inH;
        return planes;
    }

    private void closePlanes() {
        if (planes != null) {
            for (Mat[] ps : planes) {
                for (Mat p : ps) {
                    p.close();
                }
            }
            planes = null;
        }
    }

    private Size size(int w, int h) {
        return size.width(w).height(h);
    }

    @Override
    public void close() {
        closePlanes();
        canvas.close();
        channel.close();
        fill.close();
        mean.close();
        std.close();
        size.close();
        rect.close();
    }
}
