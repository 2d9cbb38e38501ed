package org.streetwatch.ingest.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * GStreamer's RTSP server on 127.0.0.1, run from the test (Debian's /usr/bin/python3 with gi), serving MP4 files on
 * mounts without re-encoding. It can be stopped and restarted on the same port, and frozen (SIGSTOP) to make every
 * connection stall without closing.
 */
public final class RtspServer implements AutoCloseable {

    private final Map<String, Path> mounts;
    private Process process;
    private int port;

    private RtspServer(Map<String, Path> mounts) {
        this.mounts = new LinkedHashMap<>(mounts);
    }

    /** Starts a server with the given mounts (name to MP4 file) on a free port. */
    public static RtspServer start(Map<String, Path> mounts) throws IOException {
        RtspServer s = new RtspServer(mounts);
        s.launch(0);
        return s;
    }

    /** {@code n} mounts cam0..cam(n-1), all serving {@code file}. */
    public static RtspServer start(int n, Path file) throws IOException {
        Map<String, Path> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("cam" + i, file);
        }
        return start(m);
    }

    static Path script() throws IOException {
        Path p = Path.of(System.getProperty("java.io.tmpdir"), "streetwatch-rtsp_server.py");
        try (InputStream in = RtspServer.class.getResourceAsStream("/rtsp_server.py")) {
            Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
        }
        return p;
    }

    static String python() {
        String py = "/usr/bin/python3";
        if (!Files.isExecutable(Path.of(py))) {
            throw new IllegalStateException("Debian's /usr/bin/python3 with python3-gi is needed (scripts/test installs it)");
        }
        return py;
    }

    private void launch(int wantPort) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python(), script().toString(), "--port", Integer.toString(wantPort)));
        for (Map.Entry<String, Path> m : mounts.entrySet()) {
            cmd.add("--mount");
            cmd.add(m.getKey() + "=" + m.getValue().toAbsolutePath());
        }
        // GStreamer's warnings, kept for when a test's stream fails (appended: a restart keeps the first run's)
        log().toFile().deleteOnExit();
        logMark = Files.exists(log()) ? Files.size(log()) : 0;
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY ")) {
            process.destroyForcibly();
            throw new IOException("RTSP server did not start (is gir1.2-gst-rtsp-server-1.0 installed?): " + line
                    + logTail());
        }
        port = Integer.parseInt(line.substring(6).trim());
    }

    /** Where every test server of this JVM writes its standard error. */
    public static Path log() {
        return Path.of(System.getProperty("java.io.tmpdir"), "streetwatch-rtsp_server-" + ProcessHandle.current().pid()
                + ".log");
    }

    /** Where in {@link #log()} the newest server's lines begin. */
    private static volatile long logMark;

    /** The last lines the newest server wrote to {@link #log()}, for a failure's message; empty if none. */
    public static String logTail() {
        try {
            byte[] all = Files.readAllBytes(log());
            int from = (int) Math.min(logMark, all.length);
            List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8).lines().toList();
            return lines.isEmpty() ? "" : "\nRTSP test server's standard error (last lines):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    /** rtsp://127.0.0.1:PORT/NAME */
    public String url(String mount) {
        return "rtsp://127.0.0.1:" + port + "/" + mount;
    }

    /** Kills the server: every connection drops. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port. */
    public void restart() throws IOException {
        launch(port);
    }

    /** Freezes the server: connections stay open but no packet flows. */
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String sig) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).start().waitFor();
    }

    /** Encodes an H.264 MP4 to H.265 (x265, GOP 20) with GStreamer: footage for the H.265 tests. */
    public static Path transcodeH265(Path src, Path dst) throws IOException, InterruptedException {
        if (Files.isRegularFile(dst)) {
            return dst;
        }
        Files.createDirectories(dst.getParent());
        Path tmp = dst.resolveSibling(dst.getFileName() + ".part");
        Process p = new ProcessBuilder(python(), script().toString(), "--transcode-h265", src.toString(), tmp.toString())
                .inheritIO().start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("H.265 transcode failed");
        }
        Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
        return dst;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            signalQuietly();
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void signalQuietly() {
        try {
            signal("CONT"); // a frozen process cannot die until it runs again
        } catch (IOException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
