package dev.harrier.tests.hardening;

import dev.harrier.app.WebApp;
import dev.harrier.http.DataRate;
import java.time.Duration;

/**
 * The server the fuzz targets feed: timeouts short enough that every connection an input leaves
 * open ends within seconds, a small body limit, a route that answers and one that echoes the body.
 */
final class FuzzedServer {

    private FuzzedServer() {
    }

    static void configure(WebApp app) {
        app.limits()
                .keepAliveTimeout(Duration.ofMillis(300))
                .requestHeadersTimeout(Duration.ofMillis(500))
                .minRequestBodyDataRate(new DataRate(1_000, Duration.ofSeconds(1)))
                .maxRequestBodySize(64 * 1024);
        app.get("/", ctx -> ctx.response().send("ok"));
        app.post("/echo", ctx -> ctx.response().send(ctx.request().readAllBytes()));
    }
}
