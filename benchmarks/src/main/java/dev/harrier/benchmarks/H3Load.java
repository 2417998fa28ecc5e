package dev.harrier.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicException;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/3 load generator on Netty's QUIC client, as Debian's h2load has no QUIC: C connections
 * over one UDP socket and one event loop, each keeping M GET requests in flight (a new one as
 * soon as one ends), for a warm-up then a measured time. It prints what the benchmark script
 * reads:
 *
 * <pre>
 * measuring                         (when the measured time starts)
 * requests: N done, F failed
 * requests/s: R
 * latency ms: p50 A p99 B max C
 * </pre>
 *
 * With {@code --once} it makes one request and prints its status and body. The server's
 * certificate is not checked (a throw-away one).
 *
 * <pre>
 * H3Load --url=https://127.0.0.1:18080/plaintext [--connections=64] [--streams=16] [--warmup=0]
 *        [--duration=8] [--once]
 * </pre>
 */
public final class H3Load {

    /** Latencies are counted per microsecond up to this many; beyond, in one last bucket. */
    private static final int LATENCY_BUCKETS = 1_000_000;

    private final URI url;
    private final int[] latencyMicros = new int[LATENCY_BUCKETS + 1];
    private boolean running = true;
    private boolean measuring;
    private long done;
    private long failed;
    private long maxMicros;

    private H3Load(URI url) {
        this.url = url;
    }

    public static void main(String[] args) throws Exception {
        URI url = null;
        int connections = 64;
        int streams = 16;
        int warmup = 0;
        int duration = 8;
        boolean once = false;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--url=")) {
                url = URI.create(value);
            } else if (arg.startsWith("--connections=")) {
                connections = Integer.parseInt(value);
            } else if (arg.startsWith("--streams=")) {
                streams = Integer.parseInt(value);
            } else if (arg.startsWith("--warmup=")) {
                warmup = Integer.parseInt(value);
            } else if (arg.startsWith("--duration=")) {
                duration = Integer.parseInt(value);
            } else if (arg.equals("--once")) {
                once = true;
            } else {
                System.err.println("Usage: H3Load --url=https://HOST:PORT/PATH [--connections=C] [--streams=M]"
                        + " [--warmup=S] [--duration=S] [--once]");
                System.exit(2);
            }
        }
        if (url == null) {
            System.err.println("H3Load: --url is required");
            System.exit(2);
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            H3Load load = new H3Load(url);
            Channel socket = load.socket(group);
            if (once) {
                System.exit(load.once(socket) ? 0 : 1);
            }
            load.run(socket, connections, streams, warmup, duration);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private Channel socket(EventLoopGroup group) throws Exception {
        return new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(Http3.newQuicClientCodecBuilder()
                        .sslContext(QuicSslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .applicationProtocols(Http3.supportedApplicationProtocols()).build())
                        .maxIdleTimeout(30, TimeUnit.SECONDS)
                        .initialMaxData(16 * 1024 * 1024)
                        .initialMaxStreamDataBidirectionalLocal(1024 * 1024)
                        .initialMaxStreamDataUnidirectional(1024 * 1024)
                        .initialMaxStreamsUnidirectional(16)
                        .build())
                .bind(0).sync().channel();
    }

    private QuicChannel connect(Channel socket) throws Exception {
        return QuicChannel.newBootstrap(socket)
                .handler(new Http3ClientConnectionHandler())
                .remoteAddress(new InetSocketAddress(url.getHost(), url.getPort()))
                .connect().get(10, TimeUnit.SECONDS);
    }

    private boolean once(Channel socket) throws Exception {
        QuicChannel connection = connect(socket);
        CompletableFuture<String> answer = new CompletableFuture<>();
        StringBuilder body = new StringBuilder();
        String[] status = {"none"};
        Http3.newRequestStream(connection, new Http3RequestStreamInboundHandler() {
            @Override
            protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
                status[0] = String.valueOf(frame.headers().status());
                ReferenceCountUtil.release(frame);
            }

            @Override
            protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
                body.append(frame.content().toString(StandardCharsets.UTF_8));
                frame.release();
            }

            @Override
            protected void channelInputClosed(ChannelHandlerContext ctx) {
                answer.complete(status[0] + " " + body);
            }

            @Override
            protected void handleQuicException(ChannelHandlerContext ctx, QuicException exception) {
                answer.complete("failed: " + exception);
            }
        }).addListener(stream -> request((QuicStreamChannel) stream.getNow()));
        String result = answer.get(10, TimeUnit.SECONDS);
        System.out.println(result);
        connection.close().sync();
        return result.startsWith("200 ");
    }

    private void run(Channel socket, int connections, int streams, int warmup, int duration) throws Exception {
        List<QuicChannel> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            open.add(connect(socket));
        }
        socket.eventLoop().execute(() -> open.forEach(connection -> {
            for (int s = 0; s < streams; s++) {
                next(connection);
            }
        }));
        TimeUnit.SECONDS.sleep(warmup);
        long[] start = new long[1];
        socket.eventLoop().submit(() -> {
            measuring = true;
            start[0] = System.nanoTime();
        }).sync();
        System.out.println("measuring");
        System.out.flush();
        TimeUnit.SECONDS.sleep(duration);
        socket.eventLoop().submit(() -> {
            measuring = false;
            running = false;
            report(System.nanoTime() - start[0]);
        }).sync();
        for (QuicChannel connection : open) {
            connection.close().await(1, TimeUnit.SECONDS);
        }
    }

    /** Starts the next request of a connection; on the event loop. */
    private void next(QuicChannel connection) {
        if (!running || !connection.isActive()) {
            return;
        }
        long started = System.nanoTime();
        Http3.newRequestStream(connection, new Http3RequestStreamInboundHandler() {
            private boolean ok;

            @Override
            protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
                ok = "200".contentEquals(frame.headers().status());
                ReferenceCountUtil.release(frame);
            }

            @Override
            protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
                frame.release();
            }

            @Override
            protected void channelInputClosed(ChannelHandlerContext ctx) {
                ended(started, ok);
                next(connection);
            }

            @Override
            protected void handleQuicException(ChannelHandlerContext ctx, QuicException exception) {
                ended(started, false);
                next(connection);
            }
        }).addListener(stream -> {
            if (stream.isSuccess()) {
                request((QuicStreamChannel) stream.getNow());
            } else {
                ended(started, false);
            }
        });
    }

    private void request(QuicStreamChannel stream) {
        DefaultHttp3HeadersFrame head = new DefaultHttp3HeadersFrame();
        head.headers().method("GET").path(url.getRawPath()).scheme("https")
                .authority(url.getHost() + ":" + url.getPort());
        stream.writeAndFlush(head).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
    }

    private void ended(long started, boolean ok) {
        if (!measuring) {
            return;
        }
        if (!ok) {
            failed++;
            return;
        }
        done++;
        long micros = (System.nanoTime() - started) / 1_000;
        maxMicros = Math.max(maxMicros, micros);
        latencyMicros[(int) Math.min(micros, LATENCY_BUCKETS)]++;
    }

    private void report(long nanos) {
        System.out.println("requests: " + done + " done, " + failed + " failed");
        System.out.printf("requests/s: %.0f%n", done / (nanos / 1e9));
        System.out.printf("latency ms: p50 %.3f p99 %.3f max %.3f%n", percentile(0.50) / 1e3, percentile(0.99) / 1e3,
                maxMicros / 1e3);
    }

    private long percentile(double fraction) {
        long rank = (long) Math.ceil(fraction * done);
        long seen = 0;
        for (int micros = 0; micros <= LATENCY_BUCKETS; micros++) {
            seen += latencyMicros[micros];
            if (seen >= rank && rank > 0) {
                return micros;
            }
        }
        return 0;
    }
}
