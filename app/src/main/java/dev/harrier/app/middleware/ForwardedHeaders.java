package dev.harrier.app.middleware;

import dev.harrier.http.ConnectionInfo;
import dev.harrier.http.Headers;
import dev.harrier.http.HttpContext;
import dev.harrier.http.HttpRequest;
import dev.harrier.http.Middleware;
import dev.harrier.http.RequestHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Applies what a trusted reverse proxy says about the original request: the client address
 * ({@code X-Forwarded-For}), scheme ({@code X-Forwarded-Proto}) and host
 * ({@code X-Forwarded-Host}), or the same from RFC 7239 {@code Forwarded}, which wins when
 * present. Like ASP.NET Core's ForwardedHeadersMiddleware, entries are taken from the right
 * (the proxy nearest to us) and only while the address they come from is a known proxy or
 * in a known network; loopback is trusted by default. At most {@link #forwardLimit} entries
 * are applied (default 1). The values replaced are kept in {@code X-Original-For},
 * {@code X-Original-Proto} and {@code X-Original-Host}.
 */
public final class ForwardedHeaders implements Middleware {

    private final List<IpNetwork> trusted = new ArrayList<>();
    private int forwardLimit = 1;

    /** Trusts the loopback addresses (127.0.0.0/8, ::1) only. */
    public ForwardedHeaders() {
        trusted.add(IpNetwork.parse("127.0.0.0/8"));
        trusted.add(IpNetwork.parse("::1/128"));
    }

    /** Trusts these proxy addresses as well. */
    public ForwardedHeaders knownProxies(String... addresses) {
        for (String address : addresses) {
            IpNetwork network = IpNetwork.parse(address);
            trusted.add(network);
        }
        return this;
    }

    /** Trusts proxies in these networks as well, for example {@code 10.0.0.0/8}. */
    public ForwardedHeaders knownNetworks(String... cidrs) {
        return knownProxies(cidrs);
    }

    /** Forgets every trusted address, loopback included. */
    public ForwardedHeaders clearTrusted() {
        trusted.clear();
        return this;
    }

    /** How many proxy hops are applied at most; {@code -1} for no limit. Default 1. */
    public ForwardedHeaders forwardLimit(int limit) {
        if (limit < -1 || limit == 0) {
            throw new IllegalArgumentException("forwardLimit must be -1 (no limit) or at least 1, was " + limit);
        }
        forwardLimit = limit;
        return this;
    }

    @Override
    public void invoke(HttpContext ctx, RequestHandler next) throws Exception {
        Headers headers = ctx.request().headers();
        List<Hop> hops = headers.contains("forwarded") ? ForwardedParser.parse(headers.getAll("forwarded"))
                : headers.contains("x-forwarded-for") || headers.contains("x-forwarded-proto")
                        || headers.contains("x-forwarded-host") ? xForwarded(headers) : null;
        if (hops != null && !hops.isEmpty()) {
            apply(ctx, hops);
        }
        next.handle(ctx);
    }

    /** One proxy hop: what the proxy saw; any part may be {@code null}. */
    record Hop(String forAddress, String proto, String host) {
    }

    private void apply(HttpContext ctx, List<Hop> hops) {
        ConnectionInfo connection = ctx.connection();
        HttpRequest request = ctx.request();
        SocketAddress remote = connection.remoteAddress();
        String scheme = null;
        String host = null;
        SocketAddress client = null;
        int applied = 0;
        for (int i = hops.size() - 1; i >= 0 && (forwardLimit < 0 || applied < forwardLimit); i--) {
            if (!isTrusted(client != null ? client : remote)) {
                break;
            }
            Hop hop = hops.get(i);
            SocketAddress next = null;
            if (hop.forAddress() != null) {
                next = parseNode(hop.forAddress());
                if (next == null) {
                    break;
                }
            }
            if (hop.proto() != null) {
                String proto = hop.proto().toLowerCase(Locale.ROOT);
                if (!proto.equals("http") && !proto.equals("https")) {
                    break;
                }
                scheme = proto;
            }
            if (hop.host() != null) {
                if (!HostFiltering.isValidHost(hop.host())) {
                    break;
                }
                host = hop.host();
            }
            if (next != null) {
                client = next;
            }
            applied++;
        }
        Headers headers = request.headers();
        if (client != null) {
            headers.set("x-original-for", String.valueOf(remote));
            connection.remoteAddress(client);
        }
        if (scheme != null) {
            headers.set("x-original-proto", request.scheme());
            request.scheme(scheme);
        }
        if (host != null) {
            headers.set("x-original-host", request.host());
            request.host(host);
        }
    }

    private boolean isTrusted(SocketAddress address) {
        if (!(address instanceof InetSocketAddress inet)) {
            return address instanceof java.net.UnixDomainSocketAddress;
        }
        InetAddress ip = inet.getAddress();
        if (ip == null) {
            return false;
        }
        for (IpNetwork network : trusted) {
            if (network.contains(ip)) {
                return true;
            }
        }
        return false;
    }

    /** {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [::1]:80} or {@code ::1}; {@code null} for unknown or obfuscated. */
    static SocketAddress parseNode(String node) {
        String s = node.trim();
        int port = 0;
        String ip = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            ip = s.substring(0, close + 1);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    return null;
                }
                port = parsePort(s.substring(close + 2));
            }
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') >= 0) {
            ip = s.substring(0, s.indexOf(':'));
            port = parsePort(s.substring(s.indexOf(':') + 1));
        }
        InetAddress address = IpLiterals.parse(ip);
        if (address == null || port < 0) {
            return null;
        }
        return new InetSocketAddress(address, port);
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port > 65535 ? -1 : port;
    }

    private static List<Hop> xForwarded(Headers headers) {
        List<String> fors = values(headers, "x-forwarded-for");
        List<String> protos = values(headers, "x-forwarded-proto");
        List<String> hosts = values(headers, "x-forwarded-host");
        int count = Math.max(fors.size(), Math.max(protos.size(), hosts.size()));
        List<Hop> hops = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            hops.add(new Hop(aligned(fors, i, count), aligned(protos, i, count), aligned(hosts, i, count)));
        }
        return hops;
    }

    /** Lists are aligned at their right end: the last value belongs to the nearest proxy. */
    private static String aligned(List<String> values, int index, int count) {
        int i = index - (count - values.size());
        return i >= 0 ? values.get(i) : null;
    }

    private static List<String> values(Headers headers, String name) {
        List<String> values = new ArrayList<>();
        for (String header : headers.getAll(name)) {
            for (String value : header.split(",")) {
                String v = value.trim();
                if (!v.isEmpty()) {
                    values.add(v);
                }
            }
        }
        return values;
    }
}
