package dev.harrier.benchmarks;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the raw Netty baselines share: their command line ({@code --host=H --port=P --threads=N
 * --transport=nio|epoll|io_uring}, plus options of their own), a {@code Date} value formatted
 * once per second, and a server bootstrap set up as Harrier's (backlog 1024, TCP_NODELAY, one
 * event loop per core unless told otherwise).
 */
final class BaselineServer {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static volatile AsciiString date = formatDate();

    private final String host;
    private final int port;
    private final int threads;
    private final String transport;
    private final Map<String, String> extra;

    private BaselineServer(String host, int port, int threads, String transport, Map<String, String> extra) {
        this.host = host;
        this.port = port;
        this.threads = threads;
        this.transport = transport;
        this.extra = extra;
    }

    /**
     * Reads the command line; {@code extraOptions} are the names of a server's own
     * {@code --name=value} options. Exits with a usage line on anything else.
     */
    static BaselineServer parse(String name, String[] args, List<String> extraOptions) {
        String host = "127.0.0.1";
        int port = 8080;
        int threads = Runtime.getRuntime().availableProcessors();
        String transport = "nio";
        Map<String, String> extra = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq > 2 && arg.startsWith("--") ? arg.substring(2, eq) : "";
            String value = eq > 0 ? arg.substring(eq + 1) : "";
            switch (key) {
                case "host" -> host = value;
                case "port" -> port = Integer.parseInt(value);
                case "threads" -> threads = Integer.parseInt(value);
                case "transport" -> transport = value;
                default -> {
                    if (!extraOptions.contains(key)) {
                        StringBuilder usage = new StringBuilder("Usage: " + name
                                + " [--host=H] [--port=P] [--threads=N] [--transport=nio|epoll|io_uring]");
                        extraOptions.forEach(o -> usage.append(" [--").append(o).append("=...]"));
                        System.err.println(usage);
                        System.exit(2);
                    }
                    extra.put(key, value);
                }
            }
        }
        return new BaselineServer(host, port, threads, transport, extra);
    }

    /** A server option of its own, or {@code null} when not given. */
    String option(String name) {
        return extra.get(name);
    }

    /** The current {@code Date} header value. */
    static AsciiString date() {
        return date;
    }

    /** Listens until the process ends, setting up each connection with {@code connection}. */
    void serve(String what, Consumer<SocketChannel> connection) throws InterruptedException {
        NettyTransport chosen = NettyTransport.named(transport);
        EventLoopGroup group = eventLoops(chosen);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(chosen.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            connection.accept(channel);
                        }
                    })
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            System.out.println(what + " listening on " + host + ":" + port + " (" + transport + ", " + threads
                    + " event loop" + (threads == 1 ? "" : "s") + ")");
            server.closeFuture().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    /** Listens on one UDP socket until the process ends, every datagram going to {@code codec}. */
    void serveDatagrams(String what, ChannelHandler codec) throws InterruptedException {
        NettyTransport chosen = NettyTransport.named(transport);
        EventLoopGroup group = eventLoops(chosen);
        try {
            Channel socket = new Bootstrap().group(group).channel(chosen.datagramChannel()).handler(codec)
                    .bind(new InetSocketAddress(host, port)).sync().channel();
            System.out.println(what + " listening on udp " + host + ":" + port + " (" + transport + ", one socket)");
            socket.closeFuture().sync();
        } finally {
            group.shutdownGracefully().sync();
        }
    }

    /** The server's event loops, one of which formats the {@code Date} value every second. */
    private EventLoopGroup eventLoops(NettyTransport chosen) {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("netty-" + transport, true), chosen.ioHandlerFactory());
        group.next().scheduleAtFixedRate(() -> date = formatDate(), 1000 - System.currentTimeMillis() % 1000,
                1000, TimeUnit.MILLISECONDS);
        return group;
    }

    private static AsciiString formatDate() {
        return new AsciiString(IMF_FIXDATE.format(Instant.now()));
    }
}
