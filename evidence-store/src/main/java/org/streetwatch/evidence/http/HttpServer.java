package org.streetwatch.evidence.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import com.sun.management.UnixOperatingSystemMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server (review page, API, metrics) on Netty.
 *
 * <p>Netty's event loops only parse and write; handlers (which touch the database and the disk) run on a small
 * bounded pool of their own, and a request that finds the pool full gets 503 rather than queueing without bound.
 * A connection is served one request at a time: its next request is read only once the previous response is
 * written, so pipelined requests are answered in order and a clip's bytes never interleave with another answer.
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
    /** Requests one connection may have read but not yet answered; a client pipelining more is cut off. */
    private static final int MAX_PIPELINED = 64;

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
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RequestDeadline deadline = new RequestDeadline(limits.requestDeadline().toMillis());
                        ch.pipeline().addLast(deadline)
                                .addLast(new IdleStateHandler(true, 0, 0, limits.idle().toMillis(), TimeUnit.MILLISECONDS))
                                .addLast(new HttpServerCodec(8192, 16384, 16384))
                                .addLast(new Aggregator())
                                .addLast(new Dispatch(deadline));
                    }
                });
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

    /** Bodies over the cap: a JSON 413 like every other error, and the connection closed (its body is unread). */
    private final class Aggregator extends HttpObjectAggregator {

        Aggregator() {
            super(limits.maxBodyBytes());
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
            if (oversized instanceof HttpRequest r) {
                // answered in turn like any request (an earlier one on this connection may still be in hand)
                FullHttpRequest tooLarge = new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri());
                tooLarge.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException(
                        "the request body is larger than " + limits.maxBodyBytes() + " bytes")));
                ctx.fireChannelRead(tooLarge);
            } else {
                super.handleOversizedMessage(ctx, oversized);
            }
        }
    }

    /**
     * One per connection; its fields are touched only on the connection's event loop. A request that arrives while
     * another is being answered (pipelining: one socket read can hold several) waits here; the socket itself is read
     * again only when nothing waits.
     */
    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final RequestDeadline deadline;
        private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
        private boolean busy;
        /** A response is being written (set by the handler thread that answers, cleared on the event loop). */
        private volatile boolean writing;

        Dispatch(RequestDeadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            deadline.received();
            if (!busy) {
                handle(ctx, msg);
            } else if (waiting.size() < MAX_PIPELINED) {
                waiting.add(msg.retain());
            } else {
                LOG.debug("http: {} pipelined more than {} requests; closed", ctx.channel().remoteAddress(), MAX_PIPELINED);
                ctx.close();
            }
        }

        private void handle(ChannelHandlerContext ctx, FullHttpRequest msg) {
            busy = true;
            connections.busy(ctx.channel());
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (!msg.decoderResult().isSuccess()) {
                Throwable cause = msg.decoderResult().cause();
                respond(ctx, cause instanceof TooLongHttpContentException ? Response.error(413, cause.getMessage())
                        : Response.error(400, "malformed request"), false, null, false);
                return;
            }
            Request req;
            try {
                req = request(ctx, msg);
            } catch (IllegalArgumentException e) {
                respond(ctx, Response.error(400, "bad request: " + e.getMessage()), false, null, false);
                return;
            }
            String range = msg.headers().get(HttpHeaderNames.RANGE);
            boolean head = msg.method().name().equals("HEAD");
            try {
                handlers.execute(() -> {
                    Response r;
                    try {
                        r = router.route(req);
                    } catch (Exception | Error e) {
                        LOG.error("{} {} failed", req.method(), req.path(), e);
                        r = Response.error(500, "internal error");
                    }
                    respond(ctx, r, keepAlive, range, head);
                });
            } catch (RejectedExecutionException e) {
                respond(ctx, Response.error(503, "busy, try again"), false, null, false);
            }
        }

        /** The next request: one that waits, else read from the socket. */
        private void next(ChannelHandlerContext ctx) {
            FullHttpRequest waited = waiting.poll();
            if (waited == null) {
                busy = false;
                connections.idle(ctx.channel());
                ctx.read();
                return;
            }
            try {
                handle(ctx, waited);
            } finally {
                waited.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            waiting.forEach(FullHttpRequest::release);
            waiting.clear();
            ctx.fireChannelInactive();
        }

        /** Writes the response; once it is written, reads the next request or closes. */
        private void respond(ChannelHandlerContext ctx, Response r, boolean keepAlive, String range, boolean head) {
            writing = true;
            write(ctx, r, keepAlive, range, head).addListener(f -> {
                writing = false;
                if (f.isSuccess() && keepAlive) {
                    next(ctx);
                } else {
                    ctx.close();
                }
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            // idle between requests, or a client that stopped reading its answer (no output progress either); a
            // request still in its handler (a slow query) is not idle
            if (evt instanceof IdleStateEvent && (!busy || writing)) {
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("http connection error: {}", cause.toString());
            ctx.close();
        }
    }
    private static Request request(ChannelHandlerContext ctx, FullHttpRequest msg) {
        QueryStringDecoder qs = new QueryStringDecoder(msg.uri());
        String path = qs.path();
        if (!path.startsWith("/") || path.contains("\0")) {
            throw new IllegalArgumentException("invalid path");
        }
        for (String seg : path.split("/")) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new IllegalArgumentException("invalid path");
            }
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : msg.headers()) {
            headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        Map<String, List<String>> query = qs.parameters();
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress()
                : "?";
        return new Request(msg.method().name(), path, query, headers, ByteBufUtil.getBytes(msg.content()), Map.of(),
                remote);
    }

    /** Writes a response; the future is that of its last part. Never throws: a failure closes the connection. */
    private static ChannelFuture write(ChannelHandlerContext ctx, Response r, boolean keepAlive, String range,
                                      boolean head) {
        try {
            if (r.file() != null) {
                return writeFile(ctx, r, keepAlive, range, head);
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
            headers(res, r, keepAlive);
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            return ctx.writeAndFlush(res);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot send {}: {}", r.file(), e.toString());
            ctx.close();
            return ctx.newFailedFuture(e);
        }
    }

    private static ChannelFuture writeFile(ChannelHandlerContext ctx, Response r, boolean keepAlive, String range,
                                           boolean head) throws IOException {
        FileChannel file;
        try {
            file = RegularFile.open(r.base(), r.file());
        } catch (IOException e) {
            LOG.debug("not serving {}: {}", r.file(), e.toString());
            return write(ctx, Response.error(404, "not found"), keepAlive, null, head);
        }
        boolean sent = false;
        try {
            long length = file.size();
            ByteRange part = ByteRange.of(range, length);
            if (part == ByteRange.UNSATISFIABLE) {
                return write(ctx, Response.error(416, "range not satisfiable").header("Content-Range", "bytes */" + length),
                        keepAlive, null, head);
            }
            HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                    part == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT);
            headers(res, r, keepAlive);
            res.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            ByteRange body = part == null ? new ByteRange(0, length - 1) : part;
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length());
            if (part != null) {
                res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + part.start() + "-" + part.end() + "/" + length);
            }
            ctx.write(res);
            if (!head && body.length() > 0) {
                // the region owns the file from here: Netty closes it once written, or when the write fails
                sent = true;
                ctx.write(new DefaultFileRegion(file, body.start(), body.length()));
            }
            return ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        } finally {
            if (!sent) {
                file.close();
            }
        }
    }

    private static void headers(HttpResponse res, Response r, boolean keepAlive) {
        if (r.contentType() != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
        }
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("Referrer-Policy", "same-origin");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            res.headers().set(h.getKey(), h.getValue());
        }
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
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
