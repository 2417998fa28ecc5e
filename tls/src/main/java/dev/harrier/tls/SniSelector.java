package dev.harrier.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses the TLS context of a new connection by the host name the client asked for (SNI), as
 * Kestrel does: an exact name first, then the longest matching wildcard ({@code *.example.com}
 * matches any name ending in {@code .example.com}), then the fallback ({@code *}, or the
 * endpoint's own certificate). Without a fallback, an unknown name fails the handshake.
 */
final class SniSelector implements Mapping<String, SslContext> {

    private record Wildcard(String suffix, ReloadableSslContext context) {
    }

    private final Map<String, ReloadableSslContext> exact;
    private final List<Wildcard> wildcards;
    private final ReloadableSslContext fallback;
    private final String endpoint;

    /**
     * @param byPattern host patterns (exact names and {@code *.suffix} wildcards) to contexts
     * @param fallback  for every other name and for clients that send none; {@code null} to refuse them
     * @param endpoint  the endpoint, for the failure message
     */
    SniSelector(Map<String, ReloadableSslContext> byPattern, ReloadableSslContext fallback, String endpoint) {
        this.exact = new HashMap<>();
        List<Wildcard> wild = new ArrayList<>();
        byPattern.forEach((pattern, context) -> {
            if (pattern.startsWith("*.")) {
                wild.add(new Wildcard(pattern.substring(1), context));
            } else {
                exact.put(pattern, context);
            }
        });
        wild.sort(Comparator.comparingInt((Wildcard w) -> w.suffix.length()).reversed());
        this.wildcards = List.copyOf(wild);
        this.fallback = fallback;
        this.endpoint = endpoint;
    }

    /** Whether the certificate depends on the name a client asks for: there are SNI entries, or no fallback. */
    boolean byName() {
        return !exact.isEmpty() || !wildcards.isEmpty() || fallback == null;
    }

    @Override
    public SslContext map(String hostname) {
        ReloadableSslContext context = select(hostname);
        if (context == null) {
            throw new IllegalArgumentException("No certificate of endpoint " + endpoint + " matches the SNI host name "
                    + (hostname == null ? "(none sent)" : "'" + hostname + "'"));
        }
        return context.current();
    }

    /** The context for a client asking for {@code hostname} ({@code null}: none), or {@code null} to refuse it. */
    ReloadableSslContext select(String hostname) {
        if (hostname != null) {
            ReloadableSslContext match = exact.get(hostname);
            if (match != null) {
                return match;
            }
            for (Wildcard wildcard : wildcards) {
                if (hostname.endsWith(wildcard.suffix)) {
                    return wildcard.context;
                }
            }
        }
        return fallback;
    }
}
