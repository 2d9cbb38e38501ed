package org.streetwatch.review.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.streetwatch.evidence.testing.RawHttp;

/**
 * Connection caps and timeouts of a real server over real loopback sockets, from several 127.x addresses: one
 * address cannot take more than its share, idle connections cannot lock others out, idle and slow clients are cut.
 */
class ConnectionLimitsTest {

    private static final String PING = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";
    private static final int BIG = 32 << 20;

    private HttpServer server;
    private final List<RawHttp> clients = new ArrayList<>();

    private int start(int max, int perAddress, Duration idle, Duration deadline) throws IOException {
        Router router = new Router().get("/ping", r -> Response.json(Map.of("pong", true)))
                .get("/slow", r -> {
                    Thread.sleep(300);
                    return Response.json(Map.of("slow", true));
                })
                .get("/big", r -> Response.bytes(200, "application/octet-stream", new byte[BIG]));
        server = new HttpServer(router, new HttpServer.Limits(4096, max, perAddress, idle, deadline, 0));
        return server.start("127.0.0.1", 0);
    }

    private RawHttp connect(String from, int port) throws IOException {
        RawHttp c = new RawHttp(from, port);
        clients.add(c);
        return c;
    }

    /** Whether the connection still gets answers (false: the server closed it). */
    private static boolean answered(RawHttp c) {
        try {
            return c.send(PING).read().status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (RawHttp c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void oneAddressGetsNoMoreThanItsShare() throws Exception {
        int port = start(100, 4, Duration.ofSeconds(60), Duration.ofSeconds(30));
        List<RawHttp> flood = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            flood.add(connect("127.0.0.2", port));
        }
        assertThat(flood.stream().filter(ConnectionLimitsTest::answered).count()).isEqualTo(4);
        assertThat(answered(connect("127.0.0.3", port))).as("another address").isTrue();
    }

    @Test
    void atTheCapANewConnectionDisplacesTheLongestIdleOne() throws Exception {
        int port = start(16, 100, Duration.ofSeconds(60), Duration.ofSeconds(30));
        List<RawHttp> idle = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            idle.add(connect("127.0.0." + (2 + i % 4), port));
        }
        for (int i = 0; i < 8; i++) {
            assertThat(answered(connect("127.0.0.9", port))).as("newcomer %d", i).isTrue();
        }
        assertThat(idle.stream().filter(ConnectionLimitsTest::answered).count()).as("idle connections kept").isEqualTo(8);
    }

    @Test
    void idleAndTricklingConnectionsAreClosed() throws Exception {
        int port = start(100, 100, Duration.ofSeconds(1), Duration.ofSeconds(2));
        RawHttp idle = connect("127.0.0.1", port);
        assertThat(idle.closedByServer()).as("silent connection closed").isTrue();

        RawHttp trickle = connect("127.0.0.1", port);
        trickle.send("GET /ping HTTP/1.1\r\n");
        boolean closed = false;
        for (int i = 0; i < 100 && !closed; i++) { // one header byte every 200 ms: never idle for a second
            Thread.sleep(200);
            try {
                trickle.send("X");
            } catch (IOException e) {
                closed = true;
            }
        }
        assertThat(closed || trickle.closedByServer()).as("trickling request cut").isTrue();
        assertThat(answered(connect("127.0.0.1", port))).isTrue();
    }

    @Test
    void aClientThatStopsReadingItsAnswerIsCut() throws Exception {
        int port = start(100, 100, Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(4000); // reads nothing: the server's writes stall
            s.setSoTimeout(10_000);
            long got = 0;
            try (InputStream in = s.getInputStream()) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    got += n;
                }
            } catch (SocketTimeoutException e) {
                // the whole answer came and the connection stayed open: not cut
            }
            assertThat(got).as("bytes before the server closed the stalled connection").isLessThan(BIG);
        }
        assertThat(answered(connect("127.0.0.1", port))).isTrue();
    }

    @Test
    void anOversizedBodyIsAnsweredAfterTheRequestBeforeIt() throws Exception {
        int port = start(100, 100, Duration.ofSeconds(60), Duration.ofSeconds(30));
        RawHttp c = connect("127.0.0.1", port);
        c.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 10000\r\n\r\n{");
        RawHttp.Reply first = c.read();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.text()).contains("slow");
        RawHttp.Reply second = c.read();
        assertThat(second.status()).isEqualTo(413);
        assertThat(second.text()).contains("larger than 4096 bytes");
    }

    @Test
    void aClientStillSendingARefusedBodyGetsIts413() throws Exception {
        // 4 MB against a 4 KB cap, written while the server has already answered: were the connection closed with
        // the body unread, the kernel would reset it and the client lose the answer
        int port = start(100, 100, Duration.ofSeconds(60), Duration.ofSeconds(30));
        byte[] body = new byte[4 << 20];
        java.util.Arrays.fill(body, (byte) 'x');
        for (int i = 0; i < 3; i++) {
            RawHttp c = connect("127.0.0.1", port);
            c.send("POST /ping HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n");
            c.write(body);
            RawHttp.Reply reply = c.read();
            assertThat(reply.status()).isEqualTo(413);
            assertThat(reply.text()).contains("larger than 4096 bytes");
        }
    }

    @Test
    void theCapLeavesTheDescriptorReserveFree() {
        assertThat(HttpServer.connectionCap(10_000, 1024, 512)).isEqualTo(512);
        assertThat(HttpServer.connectionCap(100, 1_048_576, 512)).isEqualTo(100);
        assertThat(HttpServer.connectionCap(10_000, 256, 512)).isEqualTo(16);
    }
}
