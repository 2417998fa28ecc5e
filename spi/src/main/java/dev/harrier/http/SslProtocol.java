package dev.harrier.http;

import java.util.EnumSet;
import java.util.Set;

/** A TLS version an HTTPS endpoint accepts, named as Kestrel's {@code SslProtocols}. */
public enum SslProtocol {
    TLS12("Tls12", "TLSv1.2"),
    TLS13("Tls13", "TLSv1.3");

    private final String configName;
    private final String jdkName;

    SslProtocol(String configName, String jdkName) {
        this.configName = configName;
        this.jdkName = jdkName;
    }

    /** The name used in configuration, for example {@code Tls13}. */
    public String configName() {
        return configName;
    }

    /** The JSSE name, for example {@code TLSv1.3}. */
    public String jdkName() {
        return jdkName;
    }

    /** Parses a comma-separated list such as {@code Tls12,Tls13} (or {@code TLSv1.2,TLSv1.3}), ignoring case. */
    public static Set<SslProtocol> parseList(String value) {
        Set<SslProtocol> protocols = EnumSet.noneOf(SslProtocol.class);
        for (String item : value.split(",")) {
            String name = item.trim();
            SslProtocol match = null;
            for (SslProtocol protocol : values()) {
                if (protocol.configName.equalsIgnoreCase(name) || protocol.jdkName.equalsIgnoreCase(name)) {
                    match = protocol;
                }
            }
            if (match == null) {
                throw new IllegalArgumentException("must be a comma-separated list of Tls12 and Tls13");
            }
            protocols.add(match);
        }
        return protocols;
    }

    @Override
    public String toString() {
        return configName;
    }
}
