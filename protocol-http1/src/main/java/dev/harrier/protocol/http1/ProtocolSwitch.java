package dev.harrier.protocol.http1;

import dev.harrier.spi.ServerConnection;
import dev.harrier.spi.UpgradeRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A request that switches the connection to another protocol by {@code Upgrade} (RFC 9110
 * section 7.8), such as HTTP/2 by {@code Upgrade: h2c}: HTTP/1.1 learns from the kernel whether
 * the endpoint offers the protocol, gathers the request's body (which must arrive whole before
 * the switch), then hands over. A request with a body longer than {@value #MAX_BODY} bytes, of
 * unknown length or expecting {@code 100-continue} is served by HTTP/1.1 instead; the client may
 * upgrade with a later request.
 */
final class ProtocolSwitch {

    /** The largest body gathered for a switch: larger ones are served by HTTP/1.1. */
    static final int MAX_BODY = 64 * 1024;

    private final Http1ConnectionHandler handler;
    private final Http1Exchange request;
    private final String token;
    private CompositeByteBuf body;
    private ByteBuf receivedAfter;

    private ProtocolSwitch(Http1ConnectionHandler handler, Http1Exchange request, String token) {
        this.handler = handler;
        this.request = request;
        this.token = token;
    }

    /** The switch a request asks for and the connection offers, or {@code null}. */
    static ProtocolSwitch offer(Http1ConnectionHandler handler, Http1Exchange exchange, ServerConnection connection) {
        HttpRequest request = exchange.nettyRequest();
        HttpHeaders headers = request.headers();
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || request.protocolVersion() != HttpVersion.HTTP_1_1
                || !headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                || headers.contains(HttpHeaderNames.EXPECT)
                || exchange.contentLength() < 0 || exchange.contentLength() > MAX_BODY) {
            return null;
        }
        for (String offered : upgrade.split(",")) {
            String token = offered.trim();
            if (!token.isEmpty() && connection.canUpgrade(token, exchange.requestHeaders())) {
                return new ProtocolSwitch(handler, exchange, token);
            }
        }
        return null;
    }

    String token() {
        return token;
    }

    /**
     * Takes what arrives while the switch is pending: the body, then the bytes the decoder has
     * not read when it leaves the pipeline. Switches at the end of the body.
     *
     * @return whether the message was taken
     */
    boolean onMessage(Object msg) {
        if (msg instanceof ByteBuf bytes) {
            receivedAfter = receivedAfter == null ? bytes : compose(receivedAfter, bytes);
            return true;
        }
        if (!(msg instanceof HttpContent content)) {
            return false;
        }
        ByteBuf data = content.content();
        if (data.isReadable()) {
            if (body == null) {
                body = request.alloc().compositeBuffer();
            }
            body.addComponent(true, data);
        } else {
            data.release();
        }
        if (msg instanceof LastHttpContent) {
            handler.switchProtocol(this);
        }
        return true;
    }

    private ByteBuf compose(ByteBuf first, ByteBuf next) {
        CompositeByteBuf both = request.alloc().compositeBuffer();
        return both.addComponents(true, first, next);
    }

    /** The request for the protocol taking over; the body goes with it. */
    UpgradeRequest toUpgradeRequest() {
        ByteBuf whole = body;
        body = null;
        return new UpgradeRequest(request.method(), request.rawTarget(), request.authority(), request.requestHeaders(),
                whole);
    }

    /** The bytes received after the request, for the protocol taking over, or {@code null}. */
    ByteBuf takeReceivedAfter() {
        ByteBuf rest = receivedAfter;
        receivedAfter = null;
        return rest;
    }

    /** The connection closed before the switch. */
    void release() {
        if (body != null) {
            body.release();
            body = null;
        }
        if (receivedAfter != null) {
            receivedAfter.release();
            receivedAfter = null;
        }
    }
}
