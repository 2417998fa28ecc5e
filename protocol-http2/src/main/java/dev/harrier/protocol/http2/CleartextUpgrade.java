package dev.harrier.protocol.http2;

import dev.harrier.http.Headers;
import dev.harrier.spi.UpgradeRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.AsciiString;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP/2 reached from HTTP/1.1 by {@code Upgrade: h2c} (RFC 7540 section 3.2): the client's
 * settings come in the {@code HTTP2-Settings} field, and the upgrade request becomes stream 1,
 * half closed by the client, on which the response is sent.
 */
final class CleartextUpgrade {

    static final String TOKEN = "h2c";
    private static final AsciiString SETTINGS_FIELD = AsciiString.cached("http2-settings");
    /** HTTP/1.1 fields that describe the HTTP/1.1 connection and do not carry over to HTTP/2. */
    private static final Set<String> CONNECTION_FIELDS = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade", "host", "http2-settings");
    private static final int SETTING_LENGTH = 6;

    private CleartextUpgrade() {
    }

    /**
     * The client's settings from the request's one {@code HTTP2-Settings} field, which
     * {@code Connection} must name; {@code null} when the request does not qualify.
     */
    static Http2Settings clientSettings(Headers headers) {
        List<String> fields = headers.getAll(SETTINGS_FIELD);
        if (fields.size() != 1 || !connectionOptions(headers).contains(SETTINGS_FIELD.toString())) {
            return null;
        }
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(fields.get(0).trim());
        } catch (IllegalArgumentException notBase64Url) {
            return null;
        }
        if (payload.length % SETTING_LENGTH != 0) {
            return null;
        }
        Http2Settings settings = new Http2Settings();
        try {
            for (int i = 0; i < payload.length; i += SETTING_LENGTH) {
                char id = (char) (((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff));
                long value = ((long) (payload[i + 2] & 0xff) << 24) | ((payload[i + 3] & 0xff) << 16)
                        | ((payload[i + 4] & 0xff) << 8) | (payload[i + 5] & 0xff);
                settings.put(id, Long.valueOf(value));
            }
        } catch (IllegalArgumentException invalidValue) {
            return null;
        }
        return settings;
    }

    /** The options of the request's {@code Connection} fields, in lower case. */
    private static Set<String> connectionOptions(Headers headers) {
        Set<String> options = new HashSet<>();
        for (String field : headers.getAll(HttpHeaderNames.CONNECTION)) {
            for (String option : field.split(",")) {
                options.add(option.trim().toLowerCase(Locale.ROOT));
            }
        }
        return options;
    }

    /**
     * Makes the request stream 1 of the connection whose codec was just installed: applies the
     * client's settings, opens the stream half closed and reads the request into it as if its
     * HEADERS and DATA frames had arrived.
     */
    static void start(ChannelHandlerContext codecContext, Http2FrameCodec codec, UpgradeRequest request)
            throws Http2Exception {
        ByteBuf body = request.body();
        try {
            codec.onHttpServerUpgrade(clientSettings(request.headers()));
            Http2FrameListener frames = codec.decoder().frameListener();
            int stream = Http2CodecUtil.HTTP_UPGRADE_STREAM_ID;
            frames.onHeadersRead(codecContext, stream, headers(request), 0, body == null);
            if (body != null) {
                frames.onDataRead(codecContext, stream, body, 0, true);
            }
        } finally {
            if (body != null) {
                body.release();
            }
        }
    }

    /** The request's head as HTTP/2 fields: pseudo-header fields, then the end-to-end fields. */
    private static Http2Headers headers(UpgradeRequest request) {
        Http2Headers headers = new DefaultHttp2Headers(true)
                .method(request.method())
                .scheme("http")
                .path(path(request.target()));
        if (request.authority() != null) {
            headers.authority(request.authority());
        }
        Set<String> hopByHop = connectionOptions(request.headers());
        request.headers().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean connectionSpecific = CONNECTION_FIELDS.contains(lower) || hopByHop.contains(lower)
                    || lower.equals("te") && !HttpHeaderValues.TRAILERS.contentEqualsIgnoreCase(value);
            if (!connectionSpecific) {
                headers.add(lower, value);
            }
        });
        return headers;
    }

    /** The path and query of a target, which may be in absolute form. */
    private static String path(String target) {
        if (target.startsWith("/") || target.equals("*")) {
            return target;
        }
        int scheme = target.indexOf("://");
        int slash = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
        int query = scheme < 0 ? -1 : target.indexOf('?', scheme + 3);
        if (slash >= 0 && (query < 0 || slash < query)) {
            return target.substring(slash);
        }
        return query >= 0 ? "/" + target.substring(query) : "/";
    }
}
