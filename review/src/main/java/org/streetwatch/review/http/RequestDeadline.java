package org.streetwatch.review.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request must arrive whole within a deadline from its first bytes, however slowly they trickle in (a client that
 * sends a header byte every few seconds is never idle, yet would hold its connection for ever). One per connection,
 * touched only on its event loop.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

    private final long millis;
    private ScheduledFuture<?> timer;

    RequestDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (timer == null) {
            timer = ctx.executor().schedule(() -> {
                LOG.debug("http: {} sent no whole request within {} ms; closed", ctx.channel().remoteAddress(), millis);
                ctx.close();
            }, millis, TimeUnit.MILLISECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** The request is complete; the next one's clock starts with its first bytes. */
    void received() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        received();
        ctx.fireChannelInactive();
    }
}
