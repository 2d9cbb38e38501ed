package org.streetwatch.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeUrlTest {

    @Test
    void removesUserInfoAndSecretQueryParameters() {
        assertThat(SafeUrl.redact("rtsp://admin:S3cret!@10.1.2.3:554/Streaming/101"))
                .isEqualTo("rtsp://***@10.1.2.3:554/Streaming/101");
        assertThat(SafeUrl.redact("Could not open input \"rtsp://u:p@cam/x?token=abc&ch=1\""))
                .isEqualTo("Could not open input \"rtsp://***@cam/x?token=***&ch=1\"");
        assertThat(SafeUrl.redact("/data/vtest.avi")).isEqualTo("/data/vtest.avi");
        assertThat(SafeUrl.redact("/cfg/rtsp//admin:pw@cam/1")).isEqualTo("/cfg/rtsp//***@cam/1");
        assertThat(SafeUrl.redact("jdbc:postgresql://db/cases?user=sw&password=hunter2"))
                .isEqualTo("jdbc:postgresql://db/cases?user=sw&password=***");
    }

    @Test
    void tellsFilesFromNetworkSources() {
        assertThat(SafeUrl.isFile("/tmp/a.mp4")).isTrue();
        assertThat(SafeUrl.isFile("file:///tmp/a.mp4")).isTrue();
        assertThat(SafeUrl.filePath("file:///tmp/a.mp4")).isEqualTo("/tmp/a.mp4");
        assertThat(SafeUrl.isFile("rtsp://cam/1")).isFalse();
    }
}
