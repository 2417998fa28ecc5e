package dev.harrier.app.middleware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses RFC 7239 {@code Forwarded} header values into hops, nearest proxy last. */
final class ForwardedParser {

    private ForwardedParser() {
    }

    /** The hops of every {@code Forwarded} value in order; empty when any element is malformed. */
    static List<ForwardedHeaders.Hop> parse(List<String> headerValues) {
        List<ForwardedHeaders.Hop> hops = new ArrayList<>();
        for (String header : headerValues) {
            for (String element : splitOutsideQuotes(header, ',')) {
                String forValue = null;
                String proto = null;
                String host = null;
                for (String pair : splitOutsideQuotes(element, ';')) {
                    if (pair.isBlank()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        return List.of();
                    }
                    String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                    String value = unquote(pair.substring(eq + 1).trim());
                    if (value == null) {
                        return List.of();
                    }
                    switch (name) {
                        case "for" -> forValue = value;
                        case "proto" -> proto = value;
                        case "host" -> host = value;
                        default -> {
                        }
                    }
                }
                hops.add(new ForwardedHeaders.Hop(forValue, proto, host));
            }
        }
        return hops;
    }

    private static String unquote(String value) {
        if (!value.startsWith("\"")) {
            return value;
        }
        if (value.length() < 2 || !value.endsWith("\"")) {
            return null;
        }
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() - 1) {
                c = value.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }
}
