package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harrier.kernel.middleware.ForwardedHeaders;
import dev.harrier.kernel.middleware.HostFiltering;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerFixture;
import java.net.InetSocketAddress;

/** The built-in middleware for running behind proxies: forwarded headers and host filtering. */
class ProxyMiddlewareTest {

    private static ServerFixture behind(Combination c, ForwardedHeaders forwarded) {
        return c.serve(app -> app.use(forwarded).get("/", ctx -> {
            InetSocketAddress remote = (InetSocketAddress) ctx.connection().remoteAddress();
            ctx.response().send(remote.getAddress().getHostAddress() + "|" + ctx.request().scheme() + "|"
                    + ctx.request().host() + "|" + ctx.request().headers().get("x-original-for"));
        }));
    }

    private static String[] ask(ServerFixture server, String headers) throws Exception {
        try (RawConnection conn = server.connect()) {
            conn.send("GET / HTTP/1.1\r\nHost: internal:8080\r\n" + headers + "\r\n");
            RawResponse response = conn.readFinal();
            assertEquals(200, response.status());
            return response.bodyText().split("\\|");
        }
    }

    @HttpTest
    void trustedLoopbackProxyAppliesXForwardedHeaders(Combination c) throws Exception {
        try (ServerFixture server = behind(c, new ForwardedHeaders())) {
            String[] seen = ask(server, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
                    + "X-Forwarded-Host: shop.example\r\n");
            assertEquals("203.0.113.7", seen[0]);
            assertEquals("https", seen[1]);
            assertEquals("shop.example", seen[2]);
            assertEquals(true, seen[3].contains("127.0.0.1"), "the proxy's address is kept: " + seen[3]);

            String[] plain = ask(server, "");
            assertEquals("127.0.0.1", plain[0]);
            assertEquals("http", plain[1]);
            assertEquals("internal:8080", plain[2]);
        }
    }

    @HttpTest
    void trustedLoopbackProxyAppliesRfc7239Forwarded(Combination c) throws Exception {
        try (ServerFixture server = behind(c, new ForwardedHeaders())) {
            String[] seen = ask(server, "Forwarded: for=\"[2001:db8::17]:4711\";proto=https;host=api.example\r\n"
                    + "X-Forwarded-For: 198.51.100.1\r\n");
            assertEquals("2001:db8:0:0:0:0:0:17", seen[0], "Forwarded wins over X-Forwarded-For");
            assertEquals("https", seen[1]);
            assertEquals("api.example", seen[2]);
        }
    }

    @HttpTest
    void untrustedProxyIsIgnored(Combination c) throws Exception {
        try (ServerFixture server = behind(c, new ForwardedHeaders().clearTrusted().knownProxies("10.1.2.3"))) {
            String[] seen = ask(server, "X-Forwarded-For: 203.0.113.7\r\nX-Forwarded-Proto: https\r\n"
                    + "Forwarded: for=192.0.2.60;proto=https\r\n");
            assertEquals("127.0.0.1", seen[0]);
            assertEquals("http", seen[1]);
            assertEquals("internal:8080", seen[2]);
            assertEquals("null", seen[3]);
        }
    }

    @HttpTest
    void forwardLimitBoundsTheHopsApplied(Combination c) throws Exception {
        try (ServerFixture one = behind(c, new ForwardedHeaders().knownNetworks("10.0.0.0/8"))) {
            // Nearest proxy last: 10.0.0.2 (trusted) forwarded for 10.0.0.1, which forwarded for the client.
            String[] seen = ask(one, "X-Forwarded-For: 203.0.113.9, 10.0.0.1, 10.0.0.2\r\n");
            assertEquals("10.0.0.2", seen[0], "default limit: one hop");
        }
        try (ServerFixture three = behind(c, new ForwardedHeaders().knownNetworks("10.0.0.0/8").forwardLimit(3))) {
            String[] seen = ask(three, "X-Forwarded-For: 203.0.113.9, 10.0.0.1, 10.0.0.2\r\n");
            assertEquals("203.0.113.9", seen[0]);
            String[] stops = ask(three, "X-Forwarded-For: 203.0.113.9, 198.51.100.5, 10.0.0.2\r\n");
            assertEquals("198.51.100.5", stops[0], "an untrusted hop ends the walk");
        }
    }

    @HttpTest
    void hostFilteringAllowsListedHostsOnly(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .use(new HostFiltering("example.com", "*.example.org"))
                .get("/", ctx -> ctx.response().send("welcome " + ctx.request().host())))) {
            for (String allowed : new String[] {"example.com", "EXAMPLE.com:8080", "api.example.org"}) {
                try (RawConnection conn = server.connect()) {
                    conn.send("GET / HTTP/1.1\r\nHost: " + allowed + "\r\n\r\n");
                    RawResponse response = conn.readFinal();
                    assertEquals(200, response.status(), allowed);
                    assertEquals("welcome " + allowed, response.bodyText());
                }
            }
            for (String refused : new String[] {"evil.com", "example.org", "example.com.evil.net", "bad host"}) {
                try (RawConnection conn = server.connect()) {
                    conn.send("GET / HTTP/1.1\r\nHost: " + refused + "\r\n\r\n");
                    RawResponse response = conn.readFinal();
                    assertEquals(400, response.status(), refused);
                }
            }
            try (RawConnection conn = server.connect()) {
                conn.send("GET http://api.example.org/ HTTP/1.1\r\nHost: evil.com\r\n\r\n");
                assertEquals(200, conn.readFinal().status(), "an absolute-form target's host is the one checked");
                conn.send("GET / HTTP/1.0\r\n\r\n");
                assertEquals(200, conn.readFinal().status(), "no host at all (HTTP/1.0) is allowed by default");
            }
        }
    }
}
