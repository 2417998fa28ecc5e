package dev.harrier.http;

/**
 * Whether an HTTPS endpoint asks clients for a certificate, with Kestrel's names. A certificate
 * a client sends must chain to the endpoint's client certificate trust (the JDK's trust store
 * unless configured), else the handshake fails; the chain is in
 * {@code ctx.connection().tls().peerCertificates()}.
 */
public enum ClientCertificateMode {
    /** No certificate is asked for (the default). */
    NO_CERTIFICATE("NoCertificate"),
    /** A certificate is asked for; a client may send none. */
    ALLOW_CERTIFICATE("AllowCertificate"),
    /** A certificate is required; a client that sends none fails the handshake. */
    REQUIRE_CERTIFICATE("RequireCertificate");

    private final String configName;

    ClientCertificateMode(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, for example {@code RequireCertificate}. */
    public String configName() {
        return configName;
    }

    /** Parses a configuration value, ignoring case. */
    public static ClientCertificateMode parse(String value) {
        for (ClientCertificateMode mode : values()) {
            if (mode.configName.equalsIgnoreCase(value.trim()) || mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("must be NoCertificate, AllowCertificate or RequireCertificate");
    }

    @Override
    public String toString() {
        return configName;
    }
}
