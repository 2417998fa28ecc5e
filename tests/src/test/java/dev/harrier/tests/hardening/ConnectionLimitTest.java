package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.HttpUpgradeFeature;
import dev.harrier.http.UpgradedConnection;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.HttpTest;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerFixture;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** maxConcurrentConnections and maxConcurrentUpgradedConnections. */
class ConnectionLimitTest {

    private static final int LIMIT = 3;

    private static String get(RawConnection conn) throws IOException {
        conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        return conn.readFinal().bodyText();
    }

    /** Whether the server closes a new connection at once without answering its request. */
    private static boolean refused(ServerFixture server) throws IOException {
        try (RawConnection conn = server.connect()) {
            try {
                conn.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
            } catch (IOException reset) {
                return true;
            }
            return conn.awaitClosed(Duration.ofSeconds(5)).length == 0;
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void connectionOverTheLimitIsClosedAtOnceAndLiveOnesKeepFullService(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().maxConcurrentConnections(LIMIT);
                app.get("/", ctx -> ctx.response().send("ok"));
            })) {
            List<RawConnection> held = new ArrayList<>();
            try {
                for (int i = 0; i < LIMIT; i++) {
                    RawConnection conn = server.connect();
                    held.add(conn);
                    assertEquals("ok", get(conn));
                }
                long start = System.nanoTime();
                assertTrue(refused(server), "the connection over the limit got no response");
                assertTrue(System.nanoTime() - start < 5_000_000_000L);
                assertEquals(1, server.app().counters().refusedConnections());
                for (RawConnection conn : held) {
                    assertEquals("ok", get(conn), "live connections are still served");
                }
                held.remove(0).close();
                long deadline = System.nanoTime() + 5_000_000_000L;
                boolean served = false;
                while (!served && System.nanoTime() < deadline) {
                    try (RawConnection conn = server.connect()) {
                        served = "ok".equals(get(conn));
                    } catch (IOException notYet) {
                        Thread.sleep(50); // the server has not seen the close yet
                    }
                }
                assertTrue(served, "a connection is accepted once one has closed");
            } finally {
                for (RawConnection conn : held) {
                    conn.close();
                }
            }
        }
    }

    @HttpTest(requires = Capability.HTTP1_WIRE)
    void upgradedConnectionsLeaveTheCountAndHaveTheirOwnLimit(Combination c) throws Exception {
        try (ServerFixture server = c.serve(app -> {
                app.limits().maxConcurrentConnections(2).maxConcurrentUpgradedConnections(c.handlersMayBlock() ? 1 : 0);
                app.get("/", ctx -> ctx.response().send("ok"));
                app.get("/upgrade", ctx -> {
                    HttpUpgradeFeature upgrade = ctx.features().get(HttpUpgradeFeature.class);
                    ctx.response().headers().set("upgrade", upgrade.requestedProtocols());
                    UpgradedConnection connection = upgrade.upgrade();
                    if (c.handlersMayBlock()) {
                        InputStream in = connection.input();
                        while (in.read() >= 0) {
                            // hold the upgraded connection until the client closes it
                        }
                    }
                    connection.close();
                });
            })) {
            String upgrade = "GET /upgrade HTTP/1.1\r\nHost: a\r\nConnection: upgrade\r\nUpgrade: raw\r\n\r\n";
            if (c.handlersMayBlock()) {
                try (RawConnection upgraded = server.connect(); RawConnection a = server.connect()) {
                    upgraded.send(upgrade);
                    assertEquals(101, upgraded.read().status());
                    RawConnection b = server.connect();
                    // The upgraded connection no longer counts: two more plain ones are served.
                    assertEquals("ok", get(a));
                    assertEquals("ok", get(b));
                    assertTrue(refused(server), "the third plain connection is over the limit");
                    b.send(upgrade);
                    assertEquals(503, b.readFinal().status(), "over maxConcurrentUpgradedConnections");
                    assertEquals(1, server.app().counters().refusedUpgrades());
                    b.close();
                }
            } else {
                // Inline handlers cannot hold an upgraded connection open (they would block the
                // event loop), so the limit is shown at 0.
                try (RawConnection conn = server.connect()) {
                    conn.send(upgrade);
                    assertEquals(503, conn.readFinal().status());
                    assertEquals(1, server.app().counters().refusedUpgrades());
                }
            }
        }
    }
}
