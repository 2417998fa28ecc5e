package dev.harrier.tests.support;

import static org.junit.jupiter.api.Assertions.fail;

import dev.harrier.app.WebApp;
import dev.harrier.examples.memory.MemoryConnector;
import dev.harrier.kernel.Scheduling;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Feeds fuzz inputs to a server on the in-memory transport of {@code examples/custom-transport}:
 * through the whole pipeline of the kernel and the protocols, without sockets. Each input gets a
 * connection of its own; its bytes are written and the next input goes on at once, so that a
 * request that leaves its connection open (keep-alive, an HTTP/2 connection) costs no more than
 * one that is refused. Every connection must still be closed by the server within
 * {@value #HANG_SECONDS} s (the server's own short timeouts close idle ones): one that is not
 * names the input that opened it, in Base64. Failures inside the server
 * ({@code unexpectedErrors()}) are checked after every input; as the server may still be at
 * work on the inputs before, a failure names the last {@value #RECENT} of them.
 */
public final class InProcessFuzzing implements AutoCloseable {

    static final int HANG_SECONDS = 8;
    static final int RECENT = 16;

    private final ServerFixture server;
    private final InetSocketAddress endpoint;
    private final MemoryConnector connector = new MemoryConnector();
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private final ArrayDeque<byte[]> recent = new ArrayDeque<>();

    private record Open(Channel channel, byte[] input, long deadline) {
    }

    private InProcessFuzzing(ServerFixture server) {
        this.server = server;
        URI url = URI.create(server.urls().getFirst());
        this.endpoint = new InetSocketAddress(url.getHost(), url.getPort());
    }

    /** A server on the in-memory transport, inline scheduling, after {@code configure} has set it up. */
    public static InProcessFuzzing start(Consumer<WebApp> configure) {
        return new InProcessFuzzing(new Combination(Combination.MEMORY, Scheduling.INLINE, WireProtocol.HTTP1)
                .serve(configure));
    }

    /** Opens a connection, writes {@code prefix} then {@code input} to it, and checks the server. */
    public void feed(byte[] prefix, byte[] input) throws InterruptedException {
        Channel channel = connector.connect(endpoint, new Discard());
        channel.write(Unpooled.wrappedBuffer(prefix));
        channel.writeAndFlush(Unpooled.wrappedBuffer(input));
        open.add(new Open(channel, input, System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS)));
        recent.add(input);
        if (recent.size() > RECENT) {
            recent.poll();
        }
        while (!open.isEmpty() && (!open.peek().channel().isActive() || open.peek().deadline() - System.nanoTime() < 0)) {
            Open oldest = open.poll();
            if (oldest.channel().isActive()) {
                oldest.channel().close();
                fail("The server neither closed nor timed out a connection within " + HANG_SECONDS
                        + " s; its input, in Base64: " + Base64.getEncoder().encodeToString(oldest.input()));
            }
        }
        if (server.app().counters().unexpectedErrors() != 0) {
            StringBuilder inputs = new StringBuilder();
            recent.forEach(last -> inputs.append('\n').append(Base64.getEncoder().encodeToString(last)));
            fail("A failure escaped into the server while it served one of these inputs (Base64, the last one is"
                    + " the newest):" + inputs);
        }
    }

    /** Waits for the server to close every connection still open, then stops it. */
    @Override
    public void close() {
        try {
            for (Open left : open) {
                if (!left.channel().closeFuture().await(HANG_SECONDS, TimeUnit.SECONDS)) {
                    fail("A connection stayed open; its input, in Base64: "
                            + Base64.getEncoder().encodeToString(left.input()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connector.close();
            server.close();
        }
    }

    /** The client reads whatever the server answers and lets it go. */
    private static final class Discard extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
