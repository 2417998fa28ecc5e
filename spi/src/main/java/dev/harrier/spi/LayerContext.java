package dev.harrier.spi;

import dev.harrier.http.ServerLimits;
import dev.harrier.http.TlsInfo;
import java.net.SocketAddress;

/** What the kernel offers a {@link ConnectionLayer} for one connection. For the event loop only. */
public interface LayerContext {

    /** The server's limits ({@code tlsHandshakeTimeout}, say). */
    ServerLimits limits();

    /** The peer's address, as the application sees it. */
    SocketAddress remoteAddress();

    /** A TLS handshake has begun on the connection: counted while it runs. */
    void handshakeStarted();

    /** The handshake {@link #handshakeStarted() begun} has ended; a failure is counted. Once per handshake. */
    void handshakeEnded(boolean success);

    /**
     * The layer is in place: the next layer, or the protocol, takes the connection now. Bytes the
     * layer read ahead go on from it once this returns (fire them through the pipeline from the
     * layer's last handler).
     *
     * @param tls what a TLS layer negotiated (its ALPN id chooses the protocol), or {@code null}
     *            for a layer that is not TLS
     */
    void proceed(TlsInfo tls);
}
