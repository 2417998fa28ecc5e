package dev.harrier.protocol.http3;

import dev.harrier.spi.FieldSection;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http3.Http3Headers;

/** HTTP/3 field sections as {@link dev.harrier.http.Headers}, checked as Netty's HTTP codecs check fields. */
final class Http3Fields {

    private Http3Fields() {
    }

    static FieldSection<Http3Headers> view(Http3Headers headers) {
        return new FieldSection<>(headers, HttpHeaderValidationUtil::validateToken,
                HttpHeaderValidationUtil::validateValidHeaderValue);
    }
}
