package dev.harrier.protocol.http2;

import dev.harrier.spi.FieldSection;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http2.Http2Headers;

/** HTTP/2 field sections as {@link dev.harrier.http.Headers}, checked as Netty's HTTP codecs check fields. */
final class Http2Fields {

    private Http2Fields() {
    }

    static FieldSection<Http2Headers> view(Http2Headers headers) {
        return new FieldSection<>(headers, HttpHeaderValidationUtil::validateToken,
                HttpHeaderValidationUtil::validateValidHeaderValue);
    }
}
