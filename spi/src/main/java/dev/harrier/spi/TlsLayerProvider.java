package dev.harrier.spi;

/**
 * TLS for HTTPS endpoints, found by {@link java.util.ServiceLoader} ({@code harrier-tls}). The
 * kernel asks for one only when an endpoint is HTTPS; the layer it makes is one of the endpoint's
 * {@link ConnectionLayer}s.
 */
public interface TlsLayerProvider {

    /** The provider's name, for listings. */
    String name();

    /**
     * The TLS implementations it can use here, one per line, with the reason for any that cannot
     * load (for {@code --list-transports}).
     */
    String describe();

    /**
     * Makes the TLS of a server; the TLS implementation is chosen (and logged) now.
     *
     * @throws IllegalArgumentException when the implementation asked for cannot be used here,
     *         saying why and the fix
     */
    ServerTls create(ServerTlsOptions options);
}
