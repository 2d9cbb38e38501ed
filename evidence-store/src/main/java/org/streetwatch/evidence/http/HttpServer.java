package org.streetwatch.evidence.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP server (review page, API, metrics) on Netty.
 *
 * <p>Netty's event loop only parses and writes; handlers (which touch the database and the disk) run on a small
 * bounded pool of their own, and a request that finds the pool full gets 503 rather than queueing without bound.
 * Bodies are capped ({@code maxBodyBytes}, 413 beyond), slow clients time out, a handler's exception becomes a 500
 * with no details, and files are sent with {@code sendfile} and byte ranges so a browser can seek in a clip.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final Router router;
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ThreadPoolExecutor handlers;
    private final int maxBodyBytes;
    private Channel channel;

    public HttpServer(Router router, int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
        AtomicInteger n = new AtomicInteger();
        this.handlers = new ThreadPoolExecutor(4, 4, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, "http-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public int start(String bind, int port) throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReadTimeoutHandler(60))
                                .addLast(new HttpServerCodec(8192, 16384, 16384))
                                .addLast(new HttpObjectAggregator(maxBodyBytes))
                                .addLast(new Dispatch());
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

    private final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest msg) {
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            if (!msg.decoderResult().isSuccess()) {
                write(ctx, Response.error(400, "malformed request"), false, null, false);
                return;
            }
            Request req;
            try {
                req = request(ctx, msg);
            } catch (IllegalArgumentException e) {
                write(ctx, Response.error(400, "bad request: " + e.getMessage()), false, null, false);
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
                    write(ctx, r, keepAlive, range, head);
                });
            } catch (RejectedExecutionException e) {
                write(ctx, Response.error(503, "busy, try again"), false, null, false);
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

    private static void write(ChannelHandlerContext ctx, Response r, boolean keepAlive, String range, boolean head) {
        try {
            if (r.file() != null) {
                writeFile(ctx, r, keepAlive, range, head);
                return;
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
            headers(res, r, keepAlive);
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            ChannelFuture f = ctx.writeAndFlush(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        } catch (IOException e) {
            LOG.warn("cannot send {}: {}", r.file(), e.getMessage());
            ctx.close();
        }
    }

    private static void writeFile(ChannelHandlerContext ctx, Response r, boolean keepAlive, String range, boolean head)
            throws IOException {
        RandomAccessFile raf;
        try {
            raf = new RandomAccessFile(r.file().toFile(), "r");
        } catch (IOException e) {
            write(ctx, Response.error(404, "not found"), keepAlive, null, head);
            return;
        }
        long length = raf.length();
        long start = 0;
        long end = length - 1;
        HttpResponseStatus status = HttpResponseStatus.OK;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, length - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    end = m.group(2).isEmpty() ? length - 1 : Math.min(length - 1, Long.parseLong(m.group(2)));
                }
                if (start > end || start >= length) {
                    raf.close();
                    Response bad = Response.error(416, "range not satisfiable").header("Content-Range", "bytes */" + length);
                    write(ctx, bad, keepAlive, null, head);
                    return;
                }
                status = HttpResponseStatus.PARTIAL_CONTENT;
            }
        }
        HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        headers(res, r, keepAlive);
        res.headers().set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, end - start + 1);
        if (status == HttpResponseStatus.PARTIAL_CONTENT) {
            res.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + length);
        }
        ctx.write(res);
        if (!head) {
            ctx.write(new DefaultFileRegion(raf.getChannel(), start, end - start + 1));
        } else {
            raf.close();
        }
        ChannelFuture f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
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
