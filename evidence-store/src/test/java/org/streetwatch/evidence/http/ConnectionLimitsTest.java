package org.streetwatch.evidence.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

    private HttpServer server;
    private final List<RawHttp> clients = new ArrayList<>();

    private int start(int max, int perAddress, Duration idle, Duration deadline) throws IOException {
        server = new HttpServer(new Router().get("/ping", r -> Response.json(Map.of("pong", true))),
                new HttpServer.Limits(4096, max, perAddress, idle, deadline, 0));
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
    void theCapLeavesTheDescriptorReserveFree() {
        assertThat(HttpServer.connectionCap(10_000, 1024, 512)).isEqualTo(512);
        assertThat(HttpServer.connectionCap(100, 1_048_576, 512)).isEqualTo(100);
        assertThat(HttpServer.connectionCap(10_000, 256, 512)).isEqualTo(16);
    }
}
