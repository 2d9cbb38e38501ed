package org.streetwatch.review.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link Response}: bytes in memory whole, files with {@code sendfile} and byte ranges (so a browser can
 * seek in a clip), a file that is missing or reached through a link as 404, a range past the end as 416.
 */
final class ResponseWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseWriter.class);

    private ResponseWriter() {
    }

    /**
     * Writes a response; the future is that of its last part. Never throws: a failure closes the connection.
     *
     * @param range the request's {@code Range} header, or null
     * @param head  a HEAD request: headers only
     */
    static ChannelFuture write(ChannelHandlerContext ctx, Response r, boolean keepAlive, String range, boolean head) {
        try {
            if (r.file() != null) {
                return writeFile(ctx, r, keepAlive, range, head);
            }
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(r.body()));
            StandardHeaders.apply(res, r, keepAlive);
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
            StandardHeaders.apply(res, r, keepAlive);
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
}
