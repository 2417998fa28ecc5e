package dev.harrier.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of request paths and query strings (UTF-8). */
final class UrlDecoding {

    private UrlDecoding() {
    }

    /**
     * Decodes a path. {@code %2F} stays encoded, as in Kestrel, so that an encoded slash can
     * never change which path segments a router sees.
     *
     * @throws IllegalArgumentException on a malformed escape
     */
    static String decodePath(String raw) {
        return raw.indexOf('%') < 0 ? raw : decode(raw, false, true);
    }

    /** Decodes a query string into parameters in the order received. */
    static Map<String, List<String>> parseQuery(String query) {
        if (query.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            parameters.computeIfAbsent(decodeQueryPart(name), k -> new ArrayList<>(1)).add(decodeQueryPart(value));
        }
        return parameters;
    }

    private static String decodeQueryPart(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return decode(raw, true, false);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    private static String decode(String raw, boolean plusIsSpace, boolean keepEncodedSlash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new IllegalArgumentException("truncated percent-escape in '" + raw + "'");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("invalid percent-escape in '" + raw + "'");
                }
                int b = hi << 4 | lo;
                if (keepEncodedSlash && b == '/') {
                    out.writeBytes(raw.substring(i, i + 3).getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.write(b);
                }
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else if (c < 0x100) {
                out.write(c);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
