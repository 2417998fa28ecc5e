package dev.harrier.app.middleware;

import dev.harrier.http.HttpContext;
import dev.harrier.http.Middleware;
import dev.harrier.http.RequestHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Answers 400 to requests whose host is not allowed, like ASP.NET Core's host filtering: a
 * guard against Host-header attacks when the app builds links from the host. Patterns are
 * host names ({@code example.com}), wildcard subdomains ({@code *.example.com}, which does
 * not match {@code example.com} itself) or {@code *} for any host; ports are ignored.
 */
public final class HostFiltering implements Middleware {

    private final List<String> allowed = new ArrayList<>();
    private boolean allowEmptyHosts = true;

    /** @param allowedHosts host patterns; at least one */
    public HostFiltering(String... allowedHosts) {
        if (allowedHosts.length == 0) {
            throw new IllegalArgumentException("HostFiltering needs at least one allowed host (or \"*\")");
        }
        for (String host : allowedHosts) {
            allowed.add(host.trim().toLowerCase(Locale.ROOT));
        }
    }

    /** Whether a request without a host (HTTP/1.0) passes; default {@code true}. */
    public HostFiltering allowEmptyHosts(boolean allow) {
        allowEmptyHosts = allow;
        return this;
    }

    @Override
    public void invoke(HttpContext ctx, RequestHandler next) throws Exception {
        if (!isAllowed(ctx.request().host())) {
            ctx.response().status(400);
            ctx.response().send("Invalid host");
            return;
        }
        next.handle(ctx);
    }

    private boolean isAllowed(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return allowEmptyHosts;
        }
        if (!isValidHost(hostHeader)) {
            return false;
        }
        String host = stripPort(hostHeader).toLowerCase(Locale.ROOT);
        for (String pattern : allowed) {
            if (pattern.equals("*") || pattern.equals(host)) {
                return true;
            }
            if (pattern.startsWith("*.") && host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1) {
                return true;
            }
        }
        return false;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /** Whether the text is a syntactically valid host with optional port (reg-name, IPv4 or [IPv6]). */
    static boolean isValidHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        int end = host.length();
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || IpLiterals.parse(host.substring(0, close + 1)) == null) {
                return false;
            }
            if (close + 1 == end) {
                return true;
            }
            return host.charAt(close + 1) == ':' && isPort(host.substring(close + 2));
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            if (!isPort(host.substring(colon + 1))) {
                return false;
            }
            end = colon;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = host.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(String text) {
        return !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(Character::isDigit);
    }
}
