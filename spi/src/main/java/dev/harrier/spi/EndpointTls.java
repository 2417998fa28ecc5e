package dev.harrier.spi;

/**
 * The TLS of one HTTPS endpoint: the layer the kernel applies to its stream connections, and the
 * certificate selection behind it, for a multiplexed transport whose TLS is its own (QUIC).
 */
public interface EndpointTls extends ConnectionLayer {

    /**
     * The certificate for a client asking for {@code hostName} by SNI ({@code null}: it sent
     * none), as currently loaded; {@code null} when such a client is refused.
     */
    ServerCertificate certificate(String hostName);

    /**
     * Whether {@link #certificate(String)} depends on the host name: the endpoint has SNI entries,
     * or refuses names none matches. When not, every client gets {@code certificate(null)}.
     */
    boolean selectsByName();
}
