package org.streetwatch.ingest.packet;

import java.util.Arrays;

/**
 * What a decoder or a muxer needs to know about a video stream, held on the heap so that it outlives the connection
 * that produced it (a clip may be cut after the camera reconnected).
 *
 * @param codecId   FFmpeg {@code AVCodecID}
 * @param codecName FFmpeg's short codec name, for logs and the API
 * @param pixelFormat FFmpeg {@code AVPixelFormat} of the decoded frames, or -1 if unknown
 * @param extradata codec configuration (SPS/PPS for H.264), possibly empty
 * @param frameRate nominal frames per second, 0 if unknown
 */
public record StreamInfo(int codecId, String codecName, int width, int height, int pixelFormat, int profile,
                         int level, byte[] extradata, double frameRate) {

    /** Two streams are interchangeable for a ring if a decoder set up for one decodes the other. */
    public boolean compatibleWith(StreamInfo other) {
        return other != null && codecId == other.codecId && width == other.width && height == other.height
                && Arrays.equals(extradata, other.extradata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamInfo s && compatibleWith(s) && codecName.equals(s.codecName)
                && pixelFormat == s.pixelFormat && profile == s.profile && level == s.level
                && Double.compare(frameRate, s.frameRate) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * codecId + width) + height;
    }

    @Override
    public String toString() {
        return codecName + " " + width + "x" + height + (frameRate > 0 ? String.format(" %.2f fps", frameRate) : "");
    }
}
