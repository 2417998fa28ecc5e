package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.http.Attack;
import dev.harrier.http.DataRate;
import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.LogCapture;
import dev.harrier.tests.support.ServerFixture;
import dev.harrier.tests.support.TestCertificates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known HTTP/2 attacks, each run by an attack client on raw frames ({@code h2/attack.py}, written
 * with python3-h2's framing libraries) against h2c and against h2 over TLS while a well-behaved
 * client (the JDK client) keeps using a connection it opened before: the attacker's connection
 * ends within a bound of frames and seconds (with a GOAWAY and the expected error code when the
 * attacker reads, else a close) after bounded work of the application, the attack is logged with
 * the attacker's address and counted once, and the well-behaved client is served on its
 * connection before, during and after the attack. One transport for each: the defences sit
 * above the socket, and TLS below them.
 */
class Http2AttackTest {

    private static final long ENHANCE_YOUR_CALM = 0xb;
    private static final String ATTACK_CLIENT = "h2/attack.py";
    private static final String PYTHON = "/usr/bin/python3";
    /**
     * Requests of the attacker that may reach the application: the 200 resets allowed either
     * way, plus the 100 streams a connection may have open.
     */
    private static final int MAX_ATTACKER_REQUESTS = 300;

    /**
     * One attack: what the server counts, the path attacked, and the budget beyond which the
     * attacker's connection counts as having survived.
     */
    enum Case {
        RAPID_RESET("rapid-reset", Attack.RAPID_RESET, "/", 200_000, 10, true),
        MADE_YOU_RESET("made-you-reset", Attack.PROVOKED_RESETS, "/upload", 200_000, 10, true),
        CONTINUATION_FLOOD("continuation-flood", Attack.CONTINUATION_FLOOD, "/", 10_000, 10, true),
        // The client reads nothing until its budget is spent: the GOAWAY, stuck behind the
        // answers, reaches it only if it reads within the second the server waits, else a close.
        SETTINGS_FLOOD("settings-flood", Attack.CONTROL_FRAME_FLOOD, "/", 200_000, 10, false),
        PING_FLOOD("ping-flood", Attack.CONTROL_FRAME_FLOOD, "/", 200_000, 10, false),
        EMPTY_DATA_FLOOD("empty-data-flood", Attack.EMPTY_FRAME_FLOOD, "/upload", 10_000, 10, true),
        PRIORITY_FLOOD("priority-flood", Attack.PRIORITY_FLOOD, "/", 100_000, 10, true),
        ZERO_WINDOW("zero-window", Attack.ZERO_WINDOW, "/large", 100, 10, true),
        // Each request refers 2000 times to a 4000-byte header: refused with 431, it counts as a
        // reset the client provoked.
        HPACK_BOMB("hpack-bomb", Attack.PROVOKED_RESETS, "/", 2_000, 10, true);

        final String clientAttack;
        final Attack counted;
        final String path;
        final int maxFrames;
        final int maxSeconds;
        final boolean reads;

        Case(String clientAttack, Attack counted, String path, int maxFrames, int maxSeconds, boolean reads) {
            this.clientAttack = clientAttack;
            this.counted = counted;
            this.path = path;
            this.maxFrames = maxFrames;
            this.maxSeconds = maxSeconds;
            this.reads = reads;
        }
    }

    /** What the attack client reported. */
    record Outcome(String json, String outcome, Long errorCode, int clientPort, long framesSent, double seconds,
            List<Integer> resetStreams) {

        static Outcome parse(String json) {
            String errorCode = field(json, "error_code", "(null|\\d+)");
            String resets = field(json, "reset_streams", "\\[([^\\]]*)\\]");
            return new Outcome(json, field(json, "outcome", "\"([^\"]*)\""),
                    errorCode.equals("null") ? null : Long.valueOf(errorCode),
                    Integer.parseInt(field(json, "client_port", "(\\d+)")),
                    Long.parseLong(field(json, "frames_sent", "(\\d+)")),
                    Double.parseDouble(field(json, "seconds", "([0-9.]+)")),
                    resets.isBlank() ? List.of() : Arrays.stream(resets.split(",")).map(String::trim)
                            .map(Integer::valueOf).toList());
        }

        private static String field(String json, String name, String value) {
            Matcher m = Pattern.compile("\"" + name + "\": " + value).matcher(json);
            assertTrue(m.find(), "no " + name + " in " + json);
            return m.group(1);
        }
    }

    /** The first combination of each protocol that speaks HTTP/2 frames: h2c, and h2 over TLS. */
    static List<Combination> attacked() {
        List<Combination> attacked = new ArrayList<>();
        for (Combination c : Combination.all(Capability.HTTP2_WIRE)) {
            if (attacked.stream().noneMatch(a -> a.protocol() == c.protocol())) {
                attacked.add(c);
            }
        }
        return attacked;
    }

    /** Every attack on every attacked combination. */
    static Stream<Arguments> attacks() {
        return attacked().stream().flatMap(c -> Arrays.stream(Case.values()).map(attack -> Arguments.of(c, attack)));
    }

    /** Counts the requests that reach the application, but the well-behaved client's. */
    private static ServerFixture server(Combination c, AtomicInteger attackerRequests) {
        return c.serve(app -> {
            app.use((ctx, next) -> {
                if (!ctx.request().path().equals("/connection")) {
                    attackerRequests.incrementAndGet();
                }
                next.handle(ctx);
            });
            // A zero window is found after a grace period of two seconds, not the default five.
            app.limits().minResponseDataRate(new DataRate(240, Duration.ofSeconds(2)));
            app.get("/", ctx -> ctx.response().send("ok"));
            app.get("/connection", ctx -> ctx.response().send(ctx.connection().id()));
            app.post("/upload", ctx -> ctx.response().send("read " + ctx.request().readAllBytes().length));
            app.get("/large", ctx -> ctx.response().send(new byte[256 * 1024]));
            app.get("/patient", ctx -> {
                ctx.response().minDataRate(null);
                ctx.response().send(new byte[256 * 1024]);
            });
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("attacks")
    void attackEndsTheAttackersConnectionOnly(Combination c, Case attack) throws Exception {
        AtomicInteger attackerRequests = new AtomicInteger();
        try (ServerFixture server = server(c, attackerRequests); LogCapture log = LogCapture.start();
             HttpClient client = http2Client(c)) {
            URI connectionUri = server.uri("/connection");
            HttpResponse<String> before = client.send(HttpRequest.newBuilder(connectionUri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_2, before.version());
            String connection = before.body();

            WellBehavedClient wellBehaved = new WellBehavedClient(client, connectionUri);
            Thread requests = Thread.ofVirtual().start(wellBehaved::run);
            Outcome outcome;
            try {
                outcome = runAttack(server, attack.clientAttack, attack.path, attack.maxFrames,
                        attack.maxSeconds);
            } finally {
                wellBehaved.attackOver.set(true);
                requests.join(Duration.ofSeconds(30));
            }

            if (attack.reads) {
                assertEquals("goaway", outcome.outcome(), outcome.json());
                assertEquals(ENHANCE_YOUR_CALM, outcome.errorCode(), outcome.json());
            } else {
                assertNotEquals("survived", outcome.outcome(), outcome.json());
                assertTrue(outcome.outcome().equals("closed") || outcome.errorCode() == ENHANCE_YOUR_CALM,
                        outcome.json());
            }
            assertTrue(outcome.framesSent() <= attack.maxFrames && outcome.seconds() <= attack.maxSeconds,
                    outcome.json());
            assertTrue(attackerRequests.get() <= MAX_ATTACKER_REQUESTS, "the application did bounded work for the "
                    + "attacker: " + attackerRequests.get() + " requests");

            assertEquals(1, server.app().counters().attacksStopped(attack.counted),
                    "counted as " + attack.counted + ": " + outcome.json());
            assertEquals(1, server.app().counters().attacksStopped(), "counted once, as nothing else");
            String logged = log.text();
            assertTrue(logged.lines().anyMatch(line -> line.contains("[" + attack.counted + "]")
                            && line.contains("127.0.0.1:" + outcome.clientPort())),
                    "a line names the attack and the attacker's address:\n" + logged);

            assertEquals(List.of(), List.copyOf(wellBehaved.failures), "the well-behaved client saw no failure");
            assertTrue(wellBehaved.duringAttack.get() > 0, "the well-behaved client was served during the attack");
            assertTrue(wellBehaved.connections.stream().allMatch(connection::equals),
                    "on the connection it had before: " + wellBehaved.connections);
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(connectionUri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(connection, after.body(), "and after it, still on that connection");
        }
    }

    /**
     * One stream's window stays closed while the other's response keeps moving: that stream alone
     * is reset (the minimum response data rate applies per stream) and the connection goes on.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attacked")
    void aStreamHeldBackAloneIsResetWhileTheConnectionGoesOn(Combination c) throws Exception {
        try (ServerFixture server = server(c, new AtomicInteger())) {
            Outcome outcome = runAttack(server, "stalled-stream", "/large", 1_000, 10);
            assertEquals("survived", outcome.outcome(), "the connection is still open: " + outcome.json());
            assertEquals(List.of(1), outcome.resetStreams(), outcome.json());
            assertEquals(0, server.app().counters().attacksStopped(), "no attack");
        }
    }

    /**
     * A response whose application lifted the minimum rate ({@code minDataRate(null)}) waits on
     * closed windows for as long as the client keeps them so.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("attacked")
    void aResponseWithoutMinimumRateWaitsForTheClient(Combination c) throws Exception {
        try (ServerFixture server = server(c, new AtomicInteger())) {
            Outcome outcome = runAttack(server, "zero-window", "/patient", 1_000, 6);
            assertEquals("survived", outcome.outcome(), "the connection is still open: " + outcome.json());
            assertEquals(List.of(), outcome.resetStreams(), outcome.json());
            assertEquals(0, server.app().counters().attacksStopped(), "no attack");
        }
    }

    /** A JDK client of its own (its own connection) at HTTP/2, over TLS trusting the test authority if need be. */
    private static HttpClient http2Client(Combination c) {
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2);
        if (c.protocol().secure()) {
            client.sslContext(TestCertificates.shared().sslContext());
        }
        return client.build();
    }

    /**
     * Runs the attack client to its end, speaking the server's protocol (over TLS, trusting the
     * test authority): its budget of frames and seconds makes a connection that is never ended
     * come out as "survived".
     */
    private static Outcome runAttack(ServerFixture server, String attack, String path, int maxFrames, int maxSeconds)
            throws Exception {
        Path script = Path.of(Http2AttackTest.class.getClassLoader().getResource(ATTACK_CLIENT).toURI());
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString(), "127.0.0.1",
                Integer.toString(server.port()), attack, "--frames", Integer.toString(maxFrames),
                "--seconds", Integer.toString(maxSeconds), "--path", path));
        if (server.protocol().secure()) {
            command.addAll(List.of("--tls", TestCertificates.shared().caFile().toString()));
        }
        Command.Result result = Command.run(null, Duration.ofSeconds(maxSeconds + 30), command);
        if (result.exitCode() != 0) {
            throw new AssertionError(ATTACK_CLIENT + " failed (it needs " + PYTHON + " with python3-h2, which "
                    + "brings hyperframe and hpack; see /work/shared/PEERS.md): " + result.stderr());
        }
        return Outcome.parse(result.stdout().strip());
    }

    /** Sends one request after another on its connection until the attack is over, and once more. */
    private static final class WellBehavedClient {

        final AtomicBoolean attackOver = new AtomicBoolean();
        final AtomicInteger duringAttack = new AtomicInteger();
        final Queue<String> connections = new ConcurrentLinkedQueue<>();
        final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final HttpClient client;
        private final URI uri;

        WellBehavedClient(HttpClient client, URI uri) {
            this.client = client;
            this.uri = uri;
        }

        void run() {
            boolean last = false;
            while (!last) {
                last = attackOver.get();
                try {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        failures.add("status " + response.statusCode());
                    }
                    connections.add(response.body());
                    if (!last) {
                        duringAttack.incrementAndGet();
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                    return;
                }
            }
        }
    }
}
