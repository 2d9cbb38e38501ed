package org.streetwatch.review.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.TooLongHttpContentException;

/**
 * Aggregates a request's body up to a cap. A body over the cap becomes a failed request that {@link Dispatch} answers
 * in turn with a JSON 413 like every other error (an earlier request on the connection may still be in hand), and
 * the connection is then closed, its body unread.
 */
final class BodyLimit extends HttpObjectAggregator {

    private final int maxBodyBytes;

    BodyLimit(int maxBodyBytes) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        if (oversized instanceof HttpRequest r) {
            FullHttpRequest tooLarge = new DefaultFullHttpRequest(r.protocolVersion(), r.method(), r.uri());
            tooLarge.setDecoderResult(DecoderResult.failure(new TooLongHttpContentException(
                    "the request body is larger than " + maxBodyBytes + " bytes")));
            ctx.fireChannelRead(tooLarge);
        } else {
            super.handleOversizedMessage(ctx, oversized);
        }
    }
}
