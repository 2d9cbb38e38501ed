package org.streetwatch.review.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one connection: the whole-request deadline, the idle timeout, HTTP/1.1 parsing with bounded lines
 * and headers, the body cap, and the dispatcher that hands requests to the router one at a time.
 */
final class HttpInitializer extends ChannelInitializer<SocketChannel> {

    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 16384;
    private static final int MAX_CHUNK = 16384;

    private final Router router;
    private final HttpServer.Limits limits;
    private final ConnectionLimits connections;
    private final Executor handlers;

    HttpInitializer(Router router, HttpServer.Limits limits, ConnectionLimits connections, Executor handlers) {
        this.router = router;
        this.limits = limits;
        this.connections = connections;
        this.handlers = handlers;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        RequestDeadline deadline = new RequestDeadline(limits.requestDeadline().toMillis());
        ch.pipeline().addLast(deadline)
                .addLast(new IdleStateHandler(true, 0, 0, limits.idle().toMillis(), TimeUnit.MILLISECONDS))
                .addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, MAX_CHUNK))
                .addLast(new BodyLimit(limits.maxBodyBytes()))
                .addLast(new Dispatch(router, handlers, connections, deadline));
    }
}
