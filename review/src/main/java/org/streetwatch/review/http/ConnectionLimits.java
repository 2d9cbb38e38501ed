package org.streetwatch.review.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections of the whole server and of each remote address. It sits on the listening channel and decides
 * on the acceptor thread, as each connection is accepted, so a burst of connects can never run ahead of the count:
 * a connection holds a descriptor from its accept until its close completes, and that is what is counted.
 *
 * <p>Over an address's cap a new connection is closed at once. At the server's cap a new connection displaces the
 * one that has been idle longest (between requests, or connected and silent), so that a crowd of idle connections
 * cannot lock people out; if every connection is busy with a request, or {@value #MAX_CLOSING} displaced ones are
 * still closing, the new one is closed instead. The cap comes from {@link HttpServer}, below the process's descriptor
 * limit. Accept and close run on different event loops, hence one lock; it is held for a few map operations.
 *
 * <p>Counting connections is not enough to keep the reserve: the JDK releases a closed channel's descriptor only
 * when its selector next processes cancelled keys (Netty batches up to 256 per event loop), so under a flood of
 * displaced connections the process held 240 descriptors more than its open connections. So a connection is also
 * refused while the process's own descriptor count (read at most every {@value #COUNT_EVERY_MS} ms) has reached
 * {@code ceiling}; refused connections were never registered and release their descriptor at once.
 */
@ChannelHandler.Sharable
final class ConnectionLimits extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
    /** Displaced connections whose close may be in flight at once (they still hold descriptors). */
    static final int MAX_CLOSING = 64;
    private static final long COUNT_EVERY_MS = 20;

    private final int max;
    private final int perAddress;
    private final long ceiling;
    private final LongSupplier descriptors;
    private long counted;
    private long countedAtNanos;
    private final Map<Channel, InetAddress> open = new HashMap<>();
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    /** Connections not handling a request, longest idle first. */
    private final LinkedHashSet<Channel> idle = new LinkedHashSet<>();
    private final Set<Channel> closing = new HashSet<>();
    private long refused;

    /**
     * @param ceiling     descriptors the whole process may hold before new connections are refused
     * @param descriptors the process's open descriptors now
     */
    ConnectionLimits(int max, int perAddress, long ceiling, LongSupplier descriptors) {
        this.max = max;
        this.perAddress = perAddress;
        this.ceiling = ceiling;
        this.descriptors = descriptors;
        this.countedAtNanos = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    }

    /** A connection just accepted (the listening channel's message). */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel ch = (Channel) msg;
        InetAddress address = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        Channel displaced = null;
        boolean admitted;
        synchronized (this) {
            admitted = byAddress.getOrDefault(address, 0) < perAddress && descriptorsNow() < ceiling;
            if (admitted && open.size() >= max) {
                Iterator<Channel> oldest = idle.iterator();
                admitted = oldest.hasNext() && closing.size() < MAX_CLOSING;
                if (admitted) {
                    displaced = oldest.next();
                    oldest.remove();
                    closing.add(displaced);
                }
            }
            if (admitted) {
                counted++; // until the next count, so that a burst cannot run past the ceiling
                open.put(ch, address);
                byAddress.merge(address, 1, Integer::sum);
                idle.add(ch);
            } else if (refused++ % 1000 == 0) {
                LOG.warn("http: connection from {} refused: {} open (cap {}, {} per address), {} descriptors in use "
                        + "(ceiling {}); {} refused so far", address == null ? "?" : address.getHostAddress(),
                        open.size(), max, perAddress, counted, ceiling, refused);
            }
        }
        if (displaced != null) {
            displaced.close();
        }
        if (admitted) {
            ch.closeFuture().addListener(f -> forget(ch));
            ctx.fireChannelRead(ch);
        } else {
            ch.unsafe().closeForcibly(); // not registered yet: its descriptor is released here and now
        }
    }

    /** The process's descriptor count, at most {@value #COUNT_EVERY_MS} ms old (it lists /proc/self/fd). */
    private long descriptorsNow() {
        long now = System.nanoTime();
        if (now - countedAtNanos > TimeUnit.MILLISECONDS.toNanos(COUNT_EVERY_MS)) {
            counted = descriptors.getAsLong();
            countedAtNanos = now;
        }
        return counted;
    }

    /**
     * Accepting failed (the process is out of descriptors all the same, e.g. taken by something else): pause
     * accepting for a second rather than spin, in one line rather than a stack trace per attempt.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("http: cannot accept connections for now ({}); retrying in 1 s", cause.getMessage());
        ctx.channel().config().setAutoRead(false);
        ctx.channel().eventLoop().schedule(() -> ctx.channel().config().setAutoRead(true), 1, TimeUnit.SECONDS);
    }

    /** The connection is handling a request: it cannot be displaced. */
    synchronized void busy(Channel ch) {
        idle.remove(ch);
    }

    /** The connection waits for its next request: it goes to the back of the displacement order. */
    synchronized void idle(Channel ch) {
        if (open.containsKey(ch) && !closing.contains(ch)) {
            idle.remove(ch);
            idle.add(ch);
        }
    }

    private synchronized void forget(Channel ch) {
        InetAddress address = open.remove(ch);
        idle.remove(ch);
        closing.remove(ch);
        byAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
}
