package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.HttpProtocols;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.Scheduling;
import dev.harrier.app.WebApp;
import dev.harrier.spi.FirstBytes;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import dev.harrier.tests.support.WireProtocol;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * ALPN chooses the protocol of a TLS connection: {@code h2} or {@code http/1.1} with curl, {@code h2} first
 * whenever a protocol named {@code http2} is present (here a stand-in that answers with the id
 * it was chosen for), HTTP/1.1 for clients that offer no ALPN, and a closed connection when the
 * endpoint serves HTTP/2 alone and the client cannot speak it.
 */
class AlpnTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    /**
     * A protocol declared as HTTP/2 is (Http2, ALPN h2, before Http1, with a first-bytes detector)
     * that writes "h2 here" on its connection and closes it.
     */
    private static final class StandInHttp2 implements ProtocolProvider {
        @Override
        public String name() {
            return "Http2";
        }

        @Override
        public List<String> alpnIds() {
            return List.of("h2");
        }

        @Override
        public int order() {
            return 20;
        }

        @Override
        public FirstBytes firstBytes() {
            return bytes -> FirstBytes.Detection.NOT_RECOGNISED;
        }

        @Override
        public boolean concurrentExchanges() {
            return true;
        }

        @Override
        public void install(Channel channel, ServerConnection connection) {
            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ReferenceCountUtil.release(msg);
                }
            });
            channel.writeAndFlush(Unpooled.copiedBuffer("h2 here", StandardCharsets.US_ASCII))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static ServerFixture serve(HttpProtocols protocols) {
        ProviderRegistry discovered = ProviderRegistry.serviceLoader(AlpnTest.class.getClassLoader());
        List<ProtocolProvider> providers = new ArrayList<>(discovered.protocols().stream()
                .filter(p -> p.name().equals("Http1")).toList());
        providers.add(new StandInHttp2());
        WebApp app = WebApp.create(Configuration.empty(), ProviderRegistry.of(discovered.transports(), providers, discovered.tls()));
        app.urls("https://127.0.0.1:0");
        app.options().protocols(protocols);
        app.get("/", ctx -> ctx.response().send("ALPN " + ctx.connection().tls().applicationProtocol()));
        return ServerFixture.start(CERTIFICATES.useFor(app));
    }

    /** A TLS connection offering these ALPN ids (none when empty); returns the one the server chose and what it sent. */
    private static String[] connect(int port, String... alpn) throws Exception {
        SSLSocket socket = CERTIFICATES.connect(port, "localhost", CERTIFICATES.sslContext(null), parameters -> {
            parameters.setApplicationProtocols(alpn);
        });
        try (RawConnection connection = RawConnection.over(socket)) {
            if (socket.getApplicationProtocol().equals("h2")) {
                return new String[] {"h2", new String(connection.awaitClosed(Duration.ofSeconds(10)), StandardCharsets.US_ASCII)};
            }
            if (!socket.getApplicationProtocol().isEmpty() || alpn.length == 0) {
                connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                return new String[] {socket.getApplicationProtocol(), connection.readFinal().bodyText()};
            }
            return new String[] {"", new String(connection.awaitClosed(Duration.ofSeconds(10)), StandardCharsets.US_ASCII)};
        }
    }

    @Test
    void curlNegotiatesH2OrHttp11AsItIsTold() throws Exception {
        try (ServerFixture server = new Combination("nio", Scheduling.VIRTUAL_THREADS, WireProtocol.HTTP1)
                .serve(app -> {
                    app.urls("https://127.0.0.1:0");
                    CERTIFICATES.useFor(app);
                    app.get("/", ctx -> ctx.response().send("ALPN " + ctx.connection().tls().applicationProtocol()
                            + " " + ctx.request().protocol()));
                })) {
            List<String> curl = new ArrayList<>(CERTIFICATES.curlArgs());
            curl.add("https://127.0.0.1:" + server.port() + "/");
            assertEquals("ALPN h2 HTTP/2", Curl.run(curl.toArray(String[]::new)).ok(), "curl prefers h2");
            curl.add(0, "--http1.1");
            assertEquals("ALPN http/1.1 HTTP/1.1", Curl.run(curl.toArray(String[]::new)).ok());
        }
    }

    @Test
    void h2IsOfferedFirstWhenAnHttp2ProtocolIsPresent() throws Exception {
        try (ServerFixture server = serve(HttpProtocols.parse("Http1AndHttp2"))) {
            int port = URI.create(server.urls().get(0)).getPort();
            assertEquals(List.of("h2", "h2 here"), List.of(connect(port, "http/1.1", "h2")),
                    "the server's preference wins over the client's order");
            assertEquals(List.of("http/1.1", "ALPN http/1.1"), List.of(connect(port, "http/1.1")));
            assertEquals(List.of("", "ALPN null"), List.of(connect(port)), "no ALPN: HTTP/1.1");
        }
    }

    @Test
    void anHttp2OnlyEndpointClosesClientsThatCannotSpeakIt() throws Exception {
        try (ServerFixture server = serve(HttpProtocols.parse("Http2"))) {
            int port = URI.create(server.urls().get(0)).getPort();
            assertEquals(List.of("h2", "h2 here"), List.of(connect(port, "h2", "http/1.1")));
            assertEquals(List.of("", ""), List.of(connect(port, "http/1.1")), "closed after the handshake");
        }
    }
}
