package dev.harrier.tls;

import dev.harrier.spi.ServerTls;
import dev.harrier.spi.ServerTlsOptions;
import dev.harrier.spi.TlsLayerProvider;
import io.netty.handler.ssl.OpenSsl;

/**
 * Provides TLS for HTTPS endpoints on Netty's {@code SslHandler}: OpenSSL (BoringSSL through
 * netty-tcnative) where it loads, else the JDK's own implementation, or the one
 * {@code harrier.tls.provider} asks for.
 */
public final class NettyTlsProvider implements TlsLayerProvider {

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public String describe() {
        return String.format("%-10s %s%n%-10s %s%n", "openssl", OpenSsl.isAvailable()
                ? "available: " + OpenSsl.versionString() : "unavailable: " + OpenSsl.unavailabilityCause(),
                "jdk", "available");
    }

    @Override
    public ServerTls create(ServerTlsOptions options) {
        return new TlsContexts(options);
    }
}
