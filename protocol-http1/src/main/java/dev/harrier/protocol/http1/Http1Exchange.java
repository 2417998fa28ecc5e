package dev.harrier.protocol.http1;

import dev.harrier.http.Headers;
import dev.harrier.spi.Exchange;
import dev.harrier.spi.ExchangeListener;
import dev.harrier.spi.ResponseFraming;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/** One HTTP/1.x request and its response. */
final class Http1Exchange implements Exchange {

    private final Http1ConnectionHandler connection;
    private final HttpRequest request;
    private final long contentLength;
    private NettyHeaders requestHeaders;
    private ResponseFields responseHeaders;
    private ResponseFields responseTrailers;
    ExchangeListener listener;
    boolean closeAfterResponse;
    boolean headSent;
    /** How the response body is framed; known once the head is written. */
    ResponseHead.Framing framing;
    boolean ended;
    /** Body bytes of a streamed response the socket has taken (counted on the event loop only). */
    volatile long bodySent;

    Http1Exchange(Http1ConnectionHandler connection, HttpRequest request) {
        this.connection = connection;
        this.request = request;
        if (HttpUtil.isTransferEncodingChunked(request)) {
            contentLength = -1;
        } else {
            contentLength = HttpUtil.getContentLength(request, 0L);
        }
        closeAfterResponse = !HttpUtil.isKeepAlive(request);
    }

    HttpRequest nettyRequest() {
        return request;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String rawTarget() {
        return request.uri();
    }

    @Override
    public String authority() {
        String uri = request.uri();
        if (uri.startsWith("http://") || uri.startsWith("https://")) {
            int start = uri.indexOf("://") + 3;
            int end = start;
            while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
                end++;
            }
            return uri.substring(start, end);
        }
        return request.headers().get(HttpHeaderNames.HOST);
    }

    @Override
    public String protocol() {
        return request.protocolVersion().text();
    }

    @Override
    public Headers requestHeaders() {
        if (requestHeaders == null) {
            requestHeaders = new NettyHeaders(request.headers());
        }
        return requestHeaders;
    }

    @Override
    public long contentLength() {
        return contentLength;
    }

    @Override
    public void bodyRequested() {
        connection.bodyRequested(this);
    }

    @Override
    public void bodyConsumed(int bytes) {
        connection.bodyConsumed(bytes);
    }

    @Override
    public ResponseFields responseHeaders() {
        if (responseHeaders == null) {
            responseHeaders = new ResponseFields();
        }
        return responseHeaders;
    }

    @Override
    public Headers responseTrailers() {
        if (responseTrailers == null) {
            responseTrailers = new ResponseFields();
        }
        return responseTrailers;
    }

    /** The response headers, or {@code null} when nobody has asked for them. */
    ResponseFields responseHeadersIfAny() {
        return responseHeaders;
    }

    /** The response trailers, or {@code null} when nobody has asked for them. */
    ResponseFields responseTrailersIfAny() {
        return responseTrailers;
    }

    @Override
    public void sendHead(int status, ResponseFraming framing, ByteBuf body, boolean end) {
        connection.sendHead(this, status, framing, body, end);
    }

    @Override
    public void sendBody(ByteBuf body, boolean end) {
        connection.sendBody(this, body, end);
    }

    @Override
    public void flush() {
        connection.flush();
    }

    @Override
    public boolean isWritable() {
        return connection.isWritable();
    }

    @Override
    public long responseBytesSent() {
        return bodySent;
    }

    @Override
    public void closeAfterResponse() {
        closeAfterResponse = true;
        if (ended) {
            connection.closeAfterEndedResponse(this);
        }
    }

    @Override
    public void abort(Throwable cause) {
        connection.abort(cause);
    }

    @Override
    public boolean upgradable() {
        return request.protocolVersion() == HttpVersion.HTTP_1_1
                && request.headers().contains(HttpHeaderNames.UPGRADE)
                && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    @Override
    public void switchProtocols() {
        connection.switchProtocols(this);
    }

    @Override
    public EventLoop eventLoop() {
        return connection.eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return connection.alloc();
    }
}
