package dev.harrier.spi;

import dev.harrier.http.Headers;
import io.netty.buffer.ByteBuf;

/**
 * An HTTP/1.1 request that switched its connection to another protocol with {@code Upgrade}
 * (HTTP/2: {@code Upgrade: h2c}), handed to that protocol to serve as its first exchange.
 *
 * @param method    the request method
 * @param target    the request-target as received
 * @param authority the authority of an absolute-form target, else the Host field, or {@code null}
 * @param headers   the request's header fields, HTTP/1.1 connection fields included
 * @param body      the whole request body, or {@code null} when there is none; the receiving
 *                  protocol takes ownership of it
 */
public record UpgradeRequest(String method, String target, String authority, Headers headers, ByteBuf body) {
}
