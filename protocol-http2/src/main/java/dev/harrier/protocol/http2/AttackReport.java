package dev.harrier.protocol.http2;

import dev.harrier.http.Attack;
import dev.harrier.spi.ServerConnection;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import java.nio.charset.StandardCharsets;

/**
 * Tells the kernel, once per connection, that the connection is ending to stop an attack: when
 * the GOAWAY of one of the guards is sent, whichever guard it is (Netty's, on the way in or
 * out, or ours). The kernel counts it and logs it, throttled.
 */
final class AttackReport extends Http2ConnectionAdapter {

    private final ServerConnection connection;
    private boolean reported;

    AttackReport(ServerConnection connection) {
        this.connection = connection;
    }

    @Override
    public void onGoAwaySent(int lastStreamId, long errorCode, ByteBuf debugData) {
        Attack attack = AttackReasons.of(errorCode, debugData.toString(StandardCharsets.UTF_8));
        if (attack != null && !reported) {
            reported = true;
            connection.attackStopped(attack);
        }
    }
}
