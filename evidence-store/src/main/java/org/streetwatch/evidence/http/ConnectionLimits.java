package org.streetwatch.evidence.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every connection: caps the connections of the whole server and of each remote address.
 *
 * <p>Over an address's cap a new connection is closed at once. At the server's cap a new connection displaces the
 * one that has been idle longest (between requests, or connected and silent), so that a crowd of idle connections
 * cannot lock people out; only if every connection is busy with a request is the new one closed. Either way the
 * server never holds more than its cap, which {@link HttpServer} derives from the process's descriptor limit.
 * Channels of both event loops come through here, hence one lock; it is held for a few map operations.
 */
@ChannelHandler.Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);

    private final int max;
    private final int perAddress;
    private final Map<Channel, InetAddress> open = new HashMap<>();
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    /** Connections not handling a request, longest idle first. */
    private final LinkedHashSet<Channel> idle = new LinkedHashSet<>();
    private long refused;

    ConnectionLimits(int max, int perAddress) {
        this.max = max;
        this.perAddress = perAddress;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Channel ch = ctx.channel();
        InetAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        Channel displaced = null;
        boolean admitted;
        synchronized (this) {
            admitted = byAddress.getOrDefault(address, 0) < perAddress;
            if (admitted && open.size() >= max) {
                Iterator<Channel> oldest = idle.iterator();
                displaced = oldest.hasNext() ? oldest.next() : null;
                admitted = displaced != null && forget(displaced);
            }
            if (admitted) {
                open.put(ch, address);
                byAddress.merge(address, 1, Integer::sum);
                idle.add(ch);
            } else if (refused++ % 1000 == 0) {
                LOG.warn("http: connection from {} refused: {} open (cap {}, {} per address); {} refused so far",
                        address == null ? "?" : address.getHostAddress(), open.size(), max, perAddress, refused);
            }
        }
        if (displaced != null) {
            displaced.close();
        }
        if (admitted) {
            ctx.fireChannelActive();
        } else {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        synchronized (this) {
            forget(ctx.channel());
        }
        ctx.fireChannelInactive();
    }

    /** The connection is handling a request: it cannot be displaced. */
    synchronized void busy(Channel ch) {
        idle.remove(ch);
    }

    /** The connection waits for its next request: it goes to the back of the displacement order. */
    synchronized void idle(Channel ch) {
        if (open.containsKey(ch)) {
            idle.remove(ch);
            idle.add(ch);
        }
    }

    private boolean forget(Channel ch) {
        if (!open.containsKey(ch)) {
            return false;
        }
        InetAddress address = open.remove(ch);
        idle.remove(ch);
        byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
        return true;
    }
}
