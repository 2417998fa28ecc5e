package dev.harrier.tls;

import dev.harrier.spi.EndpointTls;
import dev.harrier.spi.LayerContext;
import dev.harrier.spi.ServerCertificate;
import io.netty.channel.Channel;

/** The TLS of one HTTPS endpoint: its certificate selection, applied to each connection as a handshake. */
final class TlsLayer implements EndpointTls {

    private final SniSelector certificates;

    TlsLayer(SniSelector certificates) {
        this.certificates = certificates;
    }

    @Override
    public void apply(Channel channel, LayerContext context) {
        TlsHandshake.begin(channel, context, certificates);
    }

    @Override
    public boolean selectsByName() {
        return certificates.byName();
    }

    @Override
    public ServerCertificate certificate(String hostName) {
        ReloadableSslContext context = certificates.select(hostName);
        return context == null ? null : context.certificate();
    }
}
