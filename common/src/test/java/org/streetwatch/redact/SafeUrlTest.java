package org.streetwatch.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SafeUrlTest {

    /** Every printable ASCII character and a few others, each inside a password. */
    static List<String> passwords(String word) {
        List<String> out = new ArrayList<>();
        for (char c = 0x20; c < 0x7f; c++) {
            out.add(word + "Ab" + c + "Z9pw");
        }
        for (String s : List.of("密码", "é", "\u00a0", "😀", "%40", "%2F")) {
            out.add(word + "Ab" + s + "Z9pw");
        }
        return out;
    }

    /** Neither half of the password around the odd character survives. */
    private static void hidden(String text, String password) {
        assertThat(text).as(password).doesNotContain(password.substring(0, 3)).doesNotContain("Z9pw");
    }

    @Test
    void removesUserInfoAndSecretQueryParameters() {
        assertThat(SafeUrl.redactUrl("rtsp://admin:S3cret!@10.1.2.3:554/Streaming/101"))
                .isEqualTo("rtsp://***@10.1.2.3:554/Streaming/101");
        assertThat(SafeUrl.redact("Could not open input \"rtsp://u:p@cam/x?token=abc&ch=1\""))
                .isEqualTo("Could not open input \"rtsp://***@cam/x?token=***&ch=1\"");
        assertThat(SafeUrl.redact("/data/vtest.avi")).isEqualTo("/data/vtest.avi");
        assertThat(SafeUrl.redactUrl("/cfg/rtsp//admin:pw@cam/1")).isEqualTo("/cfg/rtsp//***@cam/1");
        assertThat(SafeUrl.redact("no such file /cfg/rtsp//admin:pw@cam/1 here")).isEqualTo(
                "no such file /cfg/rtsp//***@cam/1 here");
        assertThat(SafeUrl.redactUrl("jdbc:postgresql://db/cases?user=sw&password=hunter2"))
                .isEqualTo("jdbc:postgresql://db/cases?user=sw&password=***");
        assertThat(SafeUrl.redactUrl("rtsp://cam/x?channel=1")).isEqualTo("rtsp://cam/x?channel=1");
    }

    @Test
    void anyCharacterInTheUserInfoPassword() {
        for (String pw : passwords("ui")) {
            String url = "rtsp://admin:" + pw + "@10.1.2.3:554/Streaming/101";
            assertThat(SafeUrl.redactUrl(url)).as(pw).isEqualTo("rtsp://***@10.1.2.3:554/Streaming/101");
            // free text, before the URL was remembered: a URL's user-info ends at its last @ on the line
            hidden(SafeUrl.redact("camera c: cannot open \"" + url + "\": Connection refused"), pw);
        }
    }

    @Test
    void aRawAtSignInsideThePassword() {
        for (String pw : passwords("at")) {
            String raw = pw.replace("Ab", "A@b");
            String url = "rtsp://admin:" + raw + "@cam.local/x";
            assertThat(SafeUrl.redactUrl(url)).as(raw).isEqualTo("rtsp://***@cam.local/x");
            hidden(SafeUrl.redact("opening " + url + " failed"), raw);
        }
    }

    @Test
    void anyCharacterInASecretQueryParameter() {
        for (String name : List.of("pass", "password", "pwd", "passwd", "PASSWORD", "token")) {
            for (String pw : passwords("q" + name)) {
                String url = "rtsp://cam.local/live?channel=1&" + name + "=" + pw + "&subtype=0";
                String safe = SafeUrl.redactUrl(url);
                hidden(safe, pw);
                assertThat(safe).as(pw).isEqualTo("rtsp://cam.local/live?channel=1&" + name + "=***&subtype=0");
                hidden(SafeUrl.redactUrl("rtsp://cam.local/live?" + name + "=" + pw), pw);
            }
        }
    }

    @Test
    void rememberedSecretsAreMaskedAnywhereInFreeText() {
        for (String pw : passwords("mem")) {
            SafeUrl.remember("rtsp://admin:" + pw + "@cam/x?pwd=" + pw.replace("mem", "qmem"));
            hidden(SafeUrl.redact("the server said: bad password '" + pw + "' for admin"), pw);
            hidden(SafeUrl.redact("pwd " + pw.replace("mem", "qmem") + " refused"), pw.replace("mem", "qmem"));
        }
        SafeUrl.remember("rtsp://admin:S3cret%40PW99@cam/x");
        assertThat(SafeUrl.redact("S3cret@PW99 and S3cret%40PW99")).isEqualTo("*** and ***");
        SafeUrl.remember("rtsp://operator@cam/x");
        assertThat(SafeUrl.redact("operator logged in")).isEqualTo("operator logged in");
    }

    @Test
    void tellsFilesFromNetworkSources() {
        assertThat(SafeUrl.isFile("/tmp/a.mp4")).isTrue();
        assertThat(SafeUrl.isFile("file:///tmp/a.mp4")).isTrue();
        assertThat(SafeUrl.filePath("file:///tmp/a.mp4")).isEqualTo("/tmp/a.mp4");
        assertThat(SafeUrl.isFile("rtsp://cam/1")).isFalse();
    }
}
