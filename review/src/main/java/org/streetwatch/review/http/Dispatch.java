package org.streetwatch.review.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one connection's requests to the router, one at a time, on the server's bounded handler pool (a full pool
 * answers 503), and writes each answer before the next request is read: pipelined requests are answered in order
 * and a clip's bytes never interleave with another answer. A handler's exception becomes a 500 with no details.
 *
 * <p>One per connection; its fields are touched only on the connection's event loop. A request that arrives while
 * another is being answered (one socket read can hold several) waits here; the socket itself is read again only when
 * nothing waits.
 */
final class Dispatch extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatch.class);
    /** Requests one connection may have read but not yet answered; a client pipelining more is cut off. */
    private static final int MAX_PIPELINED = 64;
    /** Longest wait for a client to finish sending a body that is refused (413) before its connection is closed. */
    private static final long LINGER_MS = 2000;

    private final Router router;
    private final Executor handlers;
    private final ConnectionLimits connections;
    private final RequestDeadline deadline;
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;
    /** The request being answered has a body this side will not read (413). */
    private boolean lingering;
    /** A response is being written (set by the handler thread that answers, cleared on the event loop). */
    private volatile boolean writing;

    Dispatch(Router router, Executor handlers, ConnectionLimits connections, RequestDeadline deadline) {
        this.router = router;
        this.handlers = handlers;
        this.connections = connections;
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
        if (lingering) {
            return; // answered and closing: whatever else the client sent is dropped
        }
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
            if (cause instanceof TooLongHttpContentException) {
                lingering = true; // the client may still be sending the body we will not read
                respond(ctx, Response.error(413, cause.getMessage()), false, null, false);
            } else {
                respond(ctx, Response.error(400, "malformed request"), false, null, false);
            }
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
        ResponseWriter.write(ctx, r, keepAlive, range, head).addListener(f -> {
            writing = false;
            if (f.isSuccess() && keepAlive) {
                next(ctx);
            } else if (f.isSuccess() && lingering && ctx.channel() instanceof DuplexChannel duplex) {
                linger(ctx, duplex);
            } else {
                ctx.close();
            }
        });
    }

    /**
     * Closes a connection whose request body is still arriving without losing the answer: closing a socket with
     * unread input makes the kernel send a reset, and a client still writing its body then loses the 413 it was
     * sent. So the answer's end is signalled (FIN), the rest of the body is read and dropped, and the connection
     * closes when the client does, or after {@link #LINGER_MS} at the latest.
     */
    private static void linger(ChannelHandlerContext ctx, DuplexChannel duplex) {
        duplex.shutdownOutput();
        ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        // idle between requests, or a client that stopped reading its answer (no output progress either); a request
        // still in its handler (a slow query) is not idle
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

    /** The router's view of a request: a normalised path without dot segments, lower-case header names. */
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
}
