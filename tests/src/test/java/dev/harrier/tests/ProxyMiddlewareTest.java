package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harrier.app.middleware.ForwardedHeaders;
import dev.harrier.app.middleware.HostFiltering;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The built-in middleware for running behind proxies: forwarded headers and host filtering. */
class ProxyMiddlewareTest {

    private static ServerFixture behind(Combination c, ForwardedHeaders forwarded) {
        return c.serve(app -> app.use(forwarded).get("/", ctx -> {
            InetSocketAddress remote = (InetSocketAddress) ctx.connection().remoteAddress();
            ctx.response().send(remote.getAddress().getHostAddress() + "|" + ctx.request().scheme() + "|"
                    + ctx.request().host() + "|" + ctx.request().headers().get("x-original-for"));
        }));
    }

    /** Asks with curl, as host {@code internal:8080}, with extra header lines. */
    private static String[] ask(ServerFixture server, String... headers) throws Exception {
        List<String> args = new ArrayList<>(List.of("-H", "Host: internal:8080"));
        for (String header : headers) {
            args.add("-H");
            args.add(header);
        }
        args.add(server.uri("/").toString());
        return server.curl(args.toArray(String[]::new)).ok().split("\\|");
    }

    @HttpTest
    void trustedLoopbackProxyAppliesXForwardedHeaders(Combination c) throws Exception {
        try (ServerFixture server = behind(c, new ForwardedHeaders())) {
            String[] seen = ask(server, "X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https",
                    "X-Forwarded-Host: shop.example");
            assertEquals("203.0.113.7", seen[0]);
            assertEquals("https", seen[1]);
            assertEquals("shop.example", seen[2]);
            assertEquals(true, seen[3].contains("127.0.0.1"), "the proxy's address is kept: " + seen[3]);

            String[] plain = ask(server);
            assertEquals("127.0.0.1", plain[0]);
            assertEquals(c.protocol().scheme(), plain[1]);
            assertEquals("internal:8080", plain[2]);
        }
    }

    @HttpTest
    void trustedLoopbackProxyAppliesRfc7239Forwarded(Combination c) throws Exception {
        try (ServerFixture server = behind(c, new ForwardedHeaders())) {
            String[] seen = ask(server, "Forwarded: for=\"[2001:db8::17]:4711\";proto=https;host=api.example",
                    "X-Forwarded-For: 198.51.100.1");
            assertEquals("2001:db8:0:0:0:0:0:17", seen[0], "Forwarded wins over X-Forwarded-For");
            assertEquals("https", seen[1]);
            assertEquals("api.example", seen[2]);
        }
    }

    @HttpTest
    void untrustedProxyIsIgnored(Combination c) throws Exception {
        try (ServerFixture server = behind(c, new ForwardedHeaders().clearTrusted().knownProxies("10.1.2.3"))) {
            String[] seen = ask(server, "X-Forwarded-For: 203.0.113.7", "X-Forwarded-Proto: https",
                    "Forwarded: for=192.0.2.60;proto=https");
            assertEquals("127.0.0.1", seen[0]);
            assertEquals(c.protocol().scheme(), seen[1]);
            assertEquals("internal:8080", seen[2]);
            assertEquals("null", seen[3]);
        }
    }

    @HttpTest
    void forwardLimitBoundsTheHopsApplied(Combination c) throws Exception {
        try (ServerFixture one = behind(c, new ForwardedHeaders().knownNetworks("10.0.0.0/8"))) {
            // Nearest proxy last: 10.0.0.2 (trusted) forwarded for 10.0.0.1, which forwarded for the client.
            String[] seen = ask(one, "X-Forwarded-For: 203.0.113.9, 10.0.0.1, 10.0.0.2");
            assertEquals("10.0.0.2", seen[0], "default limit: one hop");
        }
        try (ServerFixture three = behind(c, new ForwardedHeaders().knownNetworks("10.0.0.0/8").forwardLimit(3))) {
            String[] seen = ask(three, "X-Forwarded-For: 203.0.113.9, 10.0.0.1, 10.0.0.2");
            assertEquals("203.0.113.9", seen[0]);
            String[] stops = ask(three, "X-Forwarded-For: 203.0.113.9, 198.51.100.5, 10.0.0.2");
            assertEquals("198.51.100.5", stops[0], "an untrusted hop ends the walk");
        }
    }

    private static ServerFixture hostFiltered(Combination c) {
        return c.serve(app -> app
                .use(new HostFiltering("example.com", "*.example.org"))
                .get("/", ctx -> ctx.response().send("welcome " + ctx.request().host())));
    }

    @HttpTest
    void hostFilteringAllowsListedHostsOnly(Combination c) throws Exception {
        try (ServerFixture server = hostFiltered(c)) {
            for (String allowed : new String[] {"example.com", "EXAMPLE.com:8080", "api.example.org"}) {
                Curl.Result response = server.curl("-w", "|%{http_code}", "-H", "Host: " + allowed,
                        server.uri("/").toString());
                assertEquals("welcome " + allowed + "|200", response.ok(), allowed);
            }
            for (String refused : new String[] {"evil.com", "example.org", "example.com.evil.net", "bad host"}) {
                Curl.Result response = server.curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: " + refused,
                        server.uri("/").toString());
                assertEquals("400", response.ok(), refused);
            }
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void hostFilteringChecksAnAbsoluteTargetAndAllowsHttp10WithoutHost(Combination c) throws Exception {
        try (ServerFixture server = hostFiltered(c); RawConnection conn = server.connect()) {
            conn.send("GET http://api.example.org/ HTTP/1.1\r\nHost: evil.com\r\n\r\n");
            assertEquals(200, conn.readFinal().status(), "an absolute-form target's host is the one checked");
            conn.send("GET / HTTP/1.0\r\n\r\n");
            assertEquals(200, conn.readFinal().status(), "no host at all (HTTP/1.0) is allowed by default");
        }
    }
}
