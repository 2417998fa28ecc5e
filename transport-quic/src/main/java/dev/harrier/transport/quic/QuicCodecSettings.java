package dev.harrier.transport.quic;

import dev.harrier.http.QuicLimits;
import dev.harrier.http.ServerLimits;
import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * How a listener's QUIC codecs are built from the server's limits: the transport parameters
 * (idle timeout from {@code keepAliveTimeout}, streams, windows), TLS, and the address validation
 * and stateless resets keyed by the server secret.
 */
final class QuicCodecSettings {

    /** How long a Retry token is good for: one round trip plus generous slack. */
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(10);

    private final ServerLimits limits;
    private final QuicSecrets secrets;
    private final QuicTlsContexts tls;

    QuicCodecSettings(ServerLimits limits, QuicSecrets secrets, QuicTlsContexts tls) {
        this.limits = limits;
        this.secrets = secrets;
        this.tls = tls;
    }

    ServerLimits limits() {
        return limits;
    }

    /** A Retry token handler for one listener, asking for Retries as {@code addressValidation} says. */
    RetryTokens retryTokens(IntSupplier handshakesInProgress) {
        QuicLimits quic = limits.quic();
        return new RetryTokens(secrets.key(RetryTokens.PURPOSE), quic.addressValidation(), handshakesInProgress,
                quic.handshakesBeforeValidation(), TOKEN_LIFETIME, Clock.systemUTC());
    }

    /** The codec of one UDP socket; {@code connections} is added to every new connection's pipeline. */
    ChannelHandler codec(int connectionIdLength, QuicConnectionIdGenerator ids, QuicTokenHandler tokens,
            ChannelHandler connections) {
        QuicLimits quic = limits.quic();
        return new QuicServerCodecBuilder()
                .sslEngineProvider(tls::newEngine)
                .maxIdleTimeout(limits.keepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .initialMaxData(quic.initialConnectionWindowSize())
                .initialMaxStreamDataBidirectionalRemote(quic.initialStreamWindowSize())
                .initialMaxStreamDataBidirectionalLocal(quic.initialStreamWindowSize())
                .initialMaxStreamDataUnidirectional(quic.initialStreamWindowSize())
                .initialMaxStreamsBidirectional(quic.maxBidirectionalStreams())
                .initialMaxStreamsUnidirectional(quic.maxUnidirectionalStreams())
                .activeMigration(false)
                .localConnectionIdLength(connectionIdLength)
                .connectionIdAddressGenerator(ids)
                .resetTokenGenerator(new SecretResetTokens(secrets.key(SecretResetTokens.PURPOSE)))
                .tokenHandler(tokens)
                .handler(connections)
                .build();
    }

    /** Connection ids of the socket at {@code index} of a port's sockets, keyed by the server secret. */
    QuicConnectionIdGenerator connectionIds(int index) {
        return new DispatchedConnectionIds(index, new SecretConnectionIds(secrets.key(SecretConnectionIds.PURPOSE)));
    }
}
