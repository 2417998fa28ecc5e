package dev.harrier.spi;

/**
 * The two kinds of connection a transport yields, as in Kestrel's
 * {@code IConnectionListenerFactory} and {@code IMultiplexedConnectionListenerFactory}.
 */
public enum ConnectionKind {

    /**
     * One ordered byte stream in each direction: TCP, a Unix domain socket, an in-memory pipe.
     * Layers such as TLS may wrap it before a protocol reads it; the protocol is chosen by ALPN
     * or by the first bytes.
     */
    STREAM,

    /**
     * A connection that carries streams of its own (QUIC over UDP): the protocol that runs on it
     * owns the whole connection and opens or accepts its streams itself.
     */
    MULTIPLEXED
}
