package dev.harrier.http;

/** The TLS implementation of HTTPS endpoints ({@code harrier.tls.provider}). */
public enum TlsProvider {
    /** OpenSSL (BoringSSL through netty-tcnative) when it loads on this platform, else the JDK's. */
    AUTO,
    /** OpenSSL (BoringSSL through netty-tcnative); start-up fails, with the reason, when it cannot load. */
    OPENSSL,
    /** The JDK's own TLS implementation (JSSE). */
    JDK;

    /** Parses a configuration value: {@code auto}, {@code openssl} or {@code jdk}, ignoring case. */
    public static TlsProvider parse(String value) {
        for (TlsProvider provider : values()) {
            if (provider.name().equalsIgnoreCase(value.trim())) {
                return provider;
            }
        }
        throw new IllegalArgumentException("must be auto, openssl or jdk");
    }
}
