package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Request targets, the router and the middleware pipeline. */
class RoutingAndPipelineTest {

    @HttpTest
    void pathIsDecodedRawTargetAndQueryAreKept(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/{*any}", ctx -> {
                Map<String, List<String>> query = new TreeMap<>(ctx.request().queryParameters());
                ctx.response().send(ctx.request().path() + "|" + ctx.request().rawTarget() + "|"
                        + ctx.request().queryString() + "|" + query);
            }))) {
            assertEquals("/café/a b/c%2Fd|/caf%C3%A9/a%20b/c%2Fd?q=%C3%A9t%C3%A9&q=2&x=a+b&flag"
                    + "|q=%C3%A9t%C3%A9&q=2&x=a+b&flag|{flag=[], q=[été, 2], x=[a b]}",
                    server.get("/caf%C3%A9/a%20b/c%2Fd?q=%C3%A9t%C3%A9&q=2&x=a+b&flag").body());
            assertEquals("/plain|/plain||{}", server.get("/plain").body());
        }
    }

    @HttpTest
    void badPercentEncodingIs400(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/{*any}", ctx -> ctx.response().send("x")))) {
            // The JDK's URI refuses such a target; curl sends it as it is.
            String status = server.curl("-o", "/dev/null", "-w", "%{http_code}",
                    server.uri("/") + "bad%zz").ok();
            assertEquals("400", status);
            assertEquals("x", server.get("/good").body());
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void absoluteFormTargetGivesHostAndPath(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/{*any}", ctx -> ctx.response().send(
                ctx.request().host() + "|" + ctx.request().path() + "|" + ctx.request().queryString()
                        + "|" + ctx.request().rawTarget())));
             RawConnection conn = server.connect()) {
            conn.send("GET http://example.com:8080/a/b?x=1 HTTP/1.1\r\nHost: example.com:8080\r\n\r\n");
            assertEquals("example.com:8080|/a/b|x=1|http://example.com:8080/a/b?x=1", conn.readFinal().bodyText());
            conn.send("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertEquals("example.com|/||http://example.com", conn.readFinal().bodyText());
            conn.send("GET /origin HTTP/1.1\r\nHost: origin.example\r\n\r\n");
            assertEquals("origin.example|/origin||/origin", conn.readFinal().bodyText());
        }
    }

    @HttpTest
    void routeTemplatesBindVariablesAndCatchAll(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/products/{id}", ctx -> ctx.response().send("product " + ctx.request().pathParameter("id")))
                .get("/products/new", ctx -> ctx.response().send("literal wins"))
                .get("/users/{user}/orders/{order}", ctx -> ctx.response().send(
                        ctx.request().pathParameter("user") + "/" + ctx.request().pathParameter("order")))
                .get("/files/{*path}", ctx -> ctx.response().send("file [" + ctx.request().pathParameter("path") + "]"))
                .get("/", ctx -> ctx.response().send("root")))) {
            assertEquals("product 42", server.get("/products/42").body());
            assertEquals("product caf\u00e9", server.get("/products/caf%C3%A9").body());
            assertEquals("literal wins", server.get("/products/new").body());
            assertEquals("7/9", server.get("/users/7/orders/9").body());
            assertEquals("file [a/b/c.txt]", server.get("/files/a/b/c.txt").body());
            assertEquals("file []", server.get("/files/").body());
            assertEquals("root", server.get("/").body());
            assertEquals(404, server.get("/products/1/extra").statusCode());
            assertEquals(404, server.get("/products/").statusCode());
            assertEquals("product 5", server.curl(server.uri("/products/5").toString()).ok());
        }
    }

    @HttpTest
    void unknownPathIs404AndWrongMethodIs405WithAllow(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .get("/things", ctx -> ctx.response().send("list"))
                .post("/things", ctx -> ctx.response().send("add"))
                .delete("/things/{id}", ctx -> ctx.response().send("gone"))
                .put("/things/{id}", ctx -> ctx.response().send("put")))) {
            HttpResponse<String> missing = server.get("/nothing-here");
            assertEquals(404, missing.statusCode());
            assertEquals("", missing.body());

            HttpResponse<String> wrong = server.send(HttpRequest.newBuilder(server.uri("/things"))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("x")));
            assertEquals(405, wrong.statusCode());
            assertEquals("GET, HEAD, POST", wrong.headers().firstValue("allow").orElseThrow());

            HttpResponse<String> templated = server.get("/things/3");
            assertEquals(405, templated.statusCode());
            assertEquals("DELETE, PUT", templated.headers().firstValue("allow").orElseThrow());

            assertEquals("gone", server.send(HttpRequest.newBuilder(server.uri("/things/3")).DELETE()).body());
        }
    }

    @HttpTest
    void middlewareRunInOrderAroundTheHandler(Combination c) throws Exception {
        BlockingQueue<String> trace = new LinkedBlockingQueue<>();
        try (ServerFixture server = c.serve(app -> app
                .use((ctx, next) -> {
                    trace.add("outer in");
                    ctx.items().put("seen", "outer");
                    ctx.response().headers().add("x-trace", "outer");
                    next.handle(ctx);
                    trace.add("outer out");
                })
                .use((ctx, next) -> {
                    trace.add("inner in " + ctx.items().get("seen"));
                    ctx.items().put("seen", ctx.items().get("seen") + ",inner");
                    ctx.response().headers().add("x-trace", "inner");
                    next.handle(ctx);
                    trace.add("inner out");
                })
                .use((ctx, next) -> {
                    if (ctx.request().path().equals("/short")) {
                        ctx.response().send("short-circuited");
                        return;
                    }
                    next.handle(ctx);
                })
                .get("/{*any}", ctx -> {
                    trace.add("handler");
                    ctx.response().send("items " + ctx.items().get("seen"));
                }))) {
            HttpResponse<String> response = server.get("/x");
            assertEquals("items outer,inner", response.body());
            assertEquals(List.of("outer", "inner"), response.headers().allValues("x-trace"));
            List<String> expected = List.of("outer in", "inner in outer", "handler", "inner out", "outer out");
            for (String step : expected) {
                assertEquals(step, trace.poll(10, TimeUnit.SECONDS));
            }
            assertEquals("short-circuited", server.get("/short").body());
            assertEquals("outer in", trace.poll(10, TimeUnit.SECONDS));
            assertEquals("inner in outer", trace.poll(10, TimeUnit.SECONDS));
            assertEquals("inner out", trace.poll(10, TimeUnit.SECONDS));
            assertEquals("outer out", trace.poll(10, TimeUnit.SECONDS));
        }
    }

    @HttpTest
    void itemsAreFreshForEveryRequest(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app
                .use((ctx, next) -> {
                    String before = String.valueOf(ctx.items().get("count"));
                    ctx.items().put("count", 1);
                    ctx.items().put("before", before);
                    next.handle(ctx);
                })
                .get("/", ctx -> ctx.response().send(ctx.items().get("before") + " " + ctx.items().size()
                        + " " + ctx.traceIdentifier() + " " + ctx.connection().id())))) {
            String[] first = server.get("/").body().split(" ");
            String[] second = server.get("/").body().split(" ");
            assertEquals(first[3], second[3], "both on the client's one connection (kept alive, or multiplexed)");
            assertEquals("null", first[0]);
            assertEquals("null", second[0], "items do not leak from the previous request on the connection");
            assertEquals("2", second[1]);
            assertTrue(!first[2].equals(second[2]), "each request has its own trace identifier");
        }
    }

    @HttpTest
    void connectionInfoDescribesBothEnds(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> ctx.response().send(
                ctx.connection().localAddress() + "|" + ctx.connection().remoteAddress() + "|"
                        + ctx.connection().protocol() + "|" + ctx.connection().transport() + "|"
                        + (ctx.connection().tls() == null ? "cleartext" : ctx.connection().tls().protocol()) + "|"
                        + ctx.request().scheme())))) {
            String[] parts = server.get("/").body().split("\\|");
            // The endpoint as published (through the bridge on the in-memory transport, not the bridge's port).
            assertEquals("/127.0.0.1:" + java.net.URI.create(server.urls().get(0)).getPort(), parts[0]);
            assertTrue(parts[1].startsWith("/127.0.0.1:"), parts[1]);
            assertEquals(c.protocol().version(), parts[2]);
            assertEquals(c.transport(), parts[3]);
            if (c.protocol().secure()) {
                assertTrue(parts[4].startsWith("TLSv1."), parts[4]);
            } else {
                assertEquals("cleartext", parts[4]);
            }
            assertEquals(c.protocol().scheme(), parts[5]);
        }
    }

    @HttpTest(requires = {Capability.TCP_SOCKETS, Capability.HTTP1_WIRE})
    void remoteAddressIsTheClientSocket(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> app.get("/", ctx -> ctx.response().send(
                String.valueOf(ctx.connection().remoteAddress()))));
             RawConnection conn = server.connect()) {
            conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("/127.0.0.1:" + conn.socket().getLocalPort(), conn.readFinal().bodyText());
        }
    }
}
