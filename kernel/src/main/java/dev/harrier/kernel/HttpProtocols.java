package dev.harrier.kernel;

/**
 * The HTTP versions an endpoint serves, as Kestrel's {@code HttpProtocols}. With both, a TLS
 * connection chooses by ALPN and a cleartext one by its first bytes (the HTTP/2 preface means
 * h2c with prior knowledge) or by {@code Upgrade: h2c}.
 */
public enum HttpProtocols {
    HTTP1("Http1"),
    HTTP2("Http2"),
    HTTP1_AND_HTTP2("Http1AndHttp2");

    private final String configName;

    HttpProtocols(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, for example {@code Http1AndHttp2}. */
    public String configName() {
        return configName;
    }

    boolean http1() {
        return this != HTTP2;
    }

    boolean http2() {
        return this != HTTP1;
    }

    /** Parses a configuration value, ignoring case. */
    public static HttpProtocols parse(String value) {
        for (HttpProtocols protocols : values()) {
            if (protocols.configName.equalsIgnoreCase(value.trim())
                    || protocols.name().equalsIgnoreCase(value.trim())) {
                return protocols;
            }
        }
        throw new IllegalArgumentException("must be Http1, Http2 or Http1AndHttp2");
    }

    @Override
    public String toString() {
        return configName;
    }
}
