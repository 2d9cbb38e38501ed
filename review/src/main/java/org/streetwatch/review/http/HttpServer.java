package org.streetwatch.review.http;

import com.sun.management.UnixOperatingSystemMXBean;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server (review page, API, metrics) on Netty: this class binds and owns the threads; each
 * connection's pipeline is {@link HttpInitializer}'s, requests go to the {@link Router} through {@link Dispatch}, and
 * answers are written by {@link ResponseWriter}.
 *
 * <p>Netty's event loops only parse and write; handlers (which touch the database and the disk) run on a small
 * bounded pool of their own, and a request that finds the pool full gets 503 rather than queueing without bound.
 *
 * <p>No HTTP load can take the descriptors the cameras and case writers need: connections are capped in total
 * (below the process's descriptor limit, less a reserve) and per address ({@link ConnectionLimits}), idle ones
 * are closed after {@code idle}, and a request must arrive whole within {@code requestDeadline}
 * ({@link RequestDeadline}). Bodies are capped (413 beyond), a handler's exception becomes a 500 with no details,
 * and files are sent with {@code sendfile} and byte ranges so a browser can seek in a clip.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** Fewest connections the server allows, whatever the descriptor limit. */
    private static final int MIN_CONNECTIONS = 16;

    /**
     * What the server allows (the {@code http} settings).
     *
     * @param maxConnections    connections open at once, lowered to the descriptor limit less {@code descriptorReserve}
     * @param descriptorReserve descriptors kept for everything but HTTP connections (cameras, case writers, database)
     */
    public record Limits(int maxBodyBytes, int maxConnections, int maxConnectionsPerAddress, Duration idle,
                         Duration requestDeadline, int descriptorReserve) {
    }

    private final Router router;
    private final Limits limits;
    private final ConnectionLimits connections;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ThreadPoolExecutor handlers;
    private Channel channel;

    public HttpServer(Router router, Limits limits) {
        this.router = router;
        this.limits = limits;
        UnixOperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean u
                ? u : null;
        long descriptors = os == null ? Long.MAX_VALUE : os.getMaxFileDescriptorCount();
        int cap = connectionCap(limits.maxConnections(), descriptors, limits.descriptorReserve());
        LOG.info("http: at most {} connections ({} per address); descriptor limit {}, {} kept for the pipeline", cap,
                limits.maxConnectionsPerAddress(), descriptors, limits.descriptorReserve());
        this.connections = new ConnectionLimits(cap, limits.maxConnectionsPerAddress(),
                descriptors - limits.descriptorReserve(), os == null ? () -> 0 : os::getOpenFileDescriptorCount);
        AtomicInteger n = new AtomicInteger();
        this.handlers = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "http-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** The connection cap: the configured one, lowered so that {@code reserve} descriptors stay free. */
    static int connectionCap(int configured, long descriptorLimit, int reserve) {
        return (int) Math.max(MIN_CONNECTIONS, Math.min(configured, descriptorLimit - reserve));
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public int start(String bind, int port) throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                // each connection reads only when its handler asks: one request at a time
                .childOption(ChannelOption.AUTO_READ, false)
                .handler(connections)
                .childHandler(new HttpInitializer(router, limits, connections, handlers));
        try {
            ChannelFuture f = b.bind(bind, port).sync();
            channel = f.channel();
            return ((InetSocketAddress) channel.localAddress()).getPort();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + bind + ":" + port);
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        handlers.shutdown();
    }
}
