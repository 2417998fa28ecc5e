package dev.harrier.tests;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.app.WebApp;
import dev.harrier.spi.BindTarget;
import dev.harrier.spi.SocketOptions;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.spi.Listener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.uring.IoUringChannelOption;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the native transports add to serving HTTP: Unix domain socket files, endpoints on
 * different transports in one server, and the Linux socket options.
 */
class NativeTransportsTest {

    @HttpTest(requires = Capability.UNIX_SOCKETS)
    void unixSocketFilesAreTakenOverGuardedAndRemoved(Combination c) throws Exception {
        Path dir = Files.createTempDirectory("harrier-uds");
        Path socket = dir.resolve("app.sock");
        Configuration config = Configuration.empty();
        config.set("harrier.urls", "http://unix:" + socket);
        config.set("harrier.socket.filePermissions", "rw-rw----");
        try {
            // A stale socket file: bound once, nobody listens on it any more.
            try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                gone.bind(UnixDomainSocketAddress.of(socket));
            }
            assertTrue(Files.exists(socket));
            try (ServerFixture server = c.start(unixApp(c, config))) {
                assertEquals("over unix", server.curl("--unix-socket", socket.toString(), "http://localhost/").ok());
                assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(socket));

                // A live one: this server answers on it, so a second server must not take it.
                ConfigurationException live = assertThrows(ConfigurationException.class,
                        () -> c.start(unixApp(c, config)));
                assertTrue(live.getMessage().contains("unix:" + socket), live.getMessage());
                assertTrue(live.getMessage().contains("another process is listening"), live.getMessage());
                assertEquals("over unix", server.curl("--unix-socket", socket.toString(), "http://localhost/").ok(),
                        "the live server keeps its socket");
            }
            assertFalse(Files.exists(socket), "the socket file is removed on stop");

            Files.writeString(socket, "a regular file");
            ConfigurationException regular = assertThrows(ConfigurationException.class,
                    () -> c.start(unixApp(c, config)));
            assertTrue(regular.getMessage().contains("unix:" + socket), regular.getMessage());
            assertTrue(regular.getMessage().contains("is not a socket"), regular.getMessage());
            assertEquals("a regular file", Files.readString(socket), "a file that is not a socket is left alone");
        } finally {
            Files.deleteIfExists(socket);
            Files.delete(dir);
        }
    }

    private static WebApp unixApp(Combination c, Configuration config) {
        WebApp app = c.newApp(config);
        app.get("/", ctx -> ctx.response().send("over unix"));
        return app;
    }

    @Test
    void endpointsOnDifferentTransportsServeAtOnce() throws Exception {
        List<String> transports = List.of("nio", "epoll", "io_uring");
        Configuration config = Configuration.empty();
        for (int i = 0; i < transports.size(); i++) {
            String endpoint = "harrier.endpoints.e" + i + ".";
            config.set(endpoint + "url", "http://127.0.0.1:0");
            config.set(endpoint + "transport", transports.get(i));
        }
        WebApp app = WebApp.create(config, ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        app.get("/", ctx -> ctx.response().send(ctx.connection().transport()));
        try (ServerFixture server = ServerFixture.start(app)) {
            List<String> urls = server.urls();
            assertEquals(transports.size(), urls.size(), urls.toString());
            // All at once: each request sees the transport of the endpoint it came in on.
            List<CompletableFuture<String>> answers = urls.stream()
                    .map(url -> CompletableFuture.supplyAsync(() -> {
                        try {
                            return Curl.run(url + "/").ok();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }))
                    .toList();
            for (int i = 0; i < transports.size(); i++) {
                assertEquals(transports.get(i), answers.get(i).get(60, TimeUnit.SECONDS), urls.get(i));
            }
        }
    }

    /** Every transport starts and serves with these; those it cannot apply are ignored. */
    @HttpTest
    void socketOptionsAreAppliedOrIgnored(Combination c) throws Exception {
        Configuration config = Configuration.empty();
        config.set("harrier.socket.tcpFastOpen", "16");
        config.set("harrier.socket.tcpDeferAccept", "5");
        config.set("harrier.socket.tcpQuickAck", "true");
        config.set("harrier.socket.keepAlive", "true");
        config.set("harrier.socket.backlog", "77");
        WebApp app = c.newApp(config);
        app.urls(c.protocol().scheme() + "://127.0.0.1:0");
        app.get("/", ctx -> ctx.response().send("options"));
        try (ServerFixture server = c.start(app)) {
            assertEquals("options", server.curl(server.uri("/").toString()).ok());
            assertEquals("options", server.get("/").body());
        }
    }

    /**
     * The kernel sets the backlog on the listening socket and SO_KEEPALIVE on each accepted one,
     * on every transport with TCP sockets: {@code ss} reads them off the server's real sockets
     * (the listener's Send-Q is its backlog; a keep-alive socket runs the keepalive timer).
     */
    @HttpTest(requires = Capability.TCP_SOCKETS)
    void backlogAndKeepAliveAreSetOnTheServersSockets(Combination c) throws Exception {
        Configuration config = Configuration.empty();
        config.set("harrier.socket.backlog", "77");
        config.set("harrier.socket.keepAlive", "true");
        WebApp app = c.newApp(config);
        app.urls(c.protocol().scheme() + "://127.0.0.1:0");
        app.get("/", ctx -> ctx.response().send("options"));
        try (ServerFixture server = c.start(app); Socket client = new Socket("127.0.0.1", server.port())) {
            String port = Integer.toString(server.port());
            String listening = ss("-Hltn", "sport = :" + port).trim();
            assertEquals("77", listening.split("\\s+")[2], "Send-Q of the listening socket: " + listening);
            String accepted = "";
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    !accepted.contains("timer:(keepalive") && System.nanoTime() < until; Thread.sleep(50)) {
                accepted = ss("-Htno", "state", "established", "sport = :" + port);
            }
            assertTrue(accepted.contains("timer:(keepalive"), "the accepted socket's keepalive timer: " + accepted);
        }
    }

    private static String ss(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("ss"));
        command.addAll(List.of(arguments));
        return Command.run(null, Duration.ofSeconds(10), command).ok();
    }

    /**
     * The native transports set their Linux options on the listening socket, read back from the
     * listening channel of a connection it accepted (TCP_QUICKACK is not read back: reading it
     * reports the socket's current ack mode).
     */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"epoll", "io_uring"})
    void nativeSocketOptionsTakeEffect(String name) throws Exception {
        TransportProvider provider = Combination.discoveredTransports().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        Transport transport = provider.create(new TransportOptions(1, "harrier-options-" + name));
        Listener listener = null;
        try {
            SocketOptions options = SocketOptions.DEFAULTS.withTcpFastOpen(16).withTcpDeferAccept(5).withTcpQuickAck(true);
            BindTarget target = new BindTarget.Tcp(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            CompletableFuture<Channel> accepted = new CompletableFuture<>();
            listener = transport.listen(target, options, connection -> accepted.complete(connection.channel()));
            try (Socket client = new Socket()) {
                client.connect(listener.localAddress());
                client.getOutputStream().write('x'); // TCP_DEFER_ACCEPT accepts once data arrives
                Channel server = accepted.get(10, TimeUnit.SECONDS).parent();
                // Linux keeps TCP_DEFER_ACCEPT as a count of SYN-ACK retransmissions and reports it
                // back rounded up to their timeouts (5 s reads 7 s).
                if (name.equals("epoll")) {
                    assertEquals(16, server.config().getOption(EpollChannelOption.TCP_FASTOPEN));
                    assertTrue(server.config().getOption(EpollChannelOption.TCP_DEFER_ACCEPT) >= 5);
                } else {
                    assertEquals(16, server.config().getOption(IoUringChannelOption.TCP_FASTOPEN));
                    assertTrue(server.config().getOption(IoUringChannelOption.TCP_DEFER_ACCEPT) >= 5);
                }
                accepted.get().close();
            }
        } finally {
            if (listener != null) {
                listener.close();
            }
            transport.close();
        }
    }

    /**
     * Every socket transport supplies UDP sockets (what QUIC rides on): a datagram sent to one
     * reaches its handler, and the answer reaches the sender.
     */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"nio", "epoll", "io_uring"})
    void socketTransportsSupplyDatagramSockets(String name) throws Exception {
        TransportProvider provider = Combination.discoveredTransports().stream()
                .filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        Transport transport = provider.create(new TransportOptions(1, "harrier-udp-" + name));
        try {
            Channel udp = transport.datagrams().bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                    SocketOptions.DEFAULTS.withReusePort(true), new SimpleChannelInboundHandler<DatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                            ByteBuf answer = ctx.alloc().buffer();
                            answer.writeCharSequence("echo " + name + ": ", US_ASCII);
                            answer.writeBytes(packet.content());
                            ctx.writeAndFlush(new DatagramPacket(answer, packet.sender()));
                        }
                    });
            try (DatagramSocket client = new DatagramSocket()) {
                client.setSoTimeout(10_000);
                byte[] hello = "hello".getBytes(US_ASCII);
                client.send(new java.net.DatagramPacket(hello, hello.length, udp.localAddress()));
                java.net.DatagramPacket reply = new java.net.DatagramPacket(new byte[64], 64);
                client.receive(reply);
                assertEquals("echo " + name + ": hello", new String(reply.getData(), 0, reply.getLength(), US_ASCII));
            } finally {
                udp.close().sync();
            }
        } finally {
            transport.close();
        }
    }
}
