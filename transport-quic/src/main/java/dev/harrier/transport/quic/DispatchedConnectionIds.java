package dev.harrier.transport.quic;

import io.netty.handler.codec.quic.QuicConnectionIdGenerator;
import java.nio.ByteBuffer;

/**
 * Connection ids that start with the index of the UDP socket their connection lives on (two
 * bytes, as Netty's {@code QuicCodecDispatcher} reads them), so that a packet the kernel delivers
 * to another socket of the port is handed to the right one; the rest comes from {@code ids}.
 */
final class DispatchedConnectionIds implements QuicConnectionIdGenerator {

    private static final int INDEX_BYTES = Short.BYTES;

    private final short index;
    private final QuicConnectionIdGenerator ids;

    DispatchedConnectionIds(int index, QuicConnectionIdGenerator ids) {
        this.index = (short) index;
        this.ids = ids;
    }

    @Override
    public ByteBuffer newId(int length) {
        return indexed(ids.newId(length - INDEX_BYTES));
    }

    @Override
    public ByteBuffer newId(ByteBuffer input, int length) {
        return indexed(ids.newId(input, length - INDEX_BYTES));
    }

    @Override
    public ByteBuffer newId(ByteBuffer scid, ByteBuffer dcid, int length) {
        return indexed(ids.newId(scid, dcid, length - INDEX_BYTES));
    }

    private ByteBuffer indexed(ByteBuffer id) {
        ByteBuffer result = ByteBuffer.allocate(INDEX_BYTES + id.remaining());
        result.putShort(index).put(id).flip();
        return result;
    }

    @Override
    public int maxConnectionIdLength() {
        return ids.maxConnectionIdLength();
    }

    @Override
    public boolean isIdempotent() {
        return ids.isIdempotent();
    }
}
