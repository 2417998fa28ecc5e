package dev.harrier.tests.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.harrier.tests.support.Capability;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.LeakCheck;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.RecordingLeakDetector;
import dev.harrier.tests.support.ServerFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code bad-requests.txt} on every {@link Combination} with real sockets
 * ({@link Capability#TCP_SOCKETS}) that speaks HTTP/1.1, in cleartext or over TLS: the bytes go
 * out on a raw connection, the server must answer
 * with exactly the expected responses and close (or keep) the connection, and the same server
 * must still serve a normal request afterwards. (Nearly every case answers and closes at once,
 * which Netty's in-memory channel under the example transport cannot relay reliably: it may drop
 * the last bytes when the server closes right after writing them.)
 *
 * <p>One server per combination serves all cases (starting one per case would dominate the
 * run); the last test of each combination stops it and fails on any Netty buffer leak.
 */
class BadInputCorpusTest {

    static final String CORPUS = "/bad-requests.txt";
    /** Longer than any answer takes, far shorter than the 30 s request-headers timeout. */
    private static final int ANSWER_WITHIN_MILLIS = 5_000;
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);
    /** The pause between the writes of a split request. */
    private static final long SPLIT_PAUSE_MILLIS = 200;

    /** One corpus line. */
    record Case(String name, List<Integer> statuses, boolean close, List<byte[]> writes, int line) {
        @Override
        public String toString() {
            return name + " (" + CORPUS.substring(1) + ":" + line + ")";
        }
    }

    @TestFactory
    Stream<DynamicNode> corpus() {
        List<Case> cases = load();
        return Combination.all(Capability.TCP_SOCKETS, Capability.HTTP1_WIRE).stream().map(c -> {
            Server server = new Server(c);
            Stream<DynamicNode> tests = Stream.concat(
                    cases.stream().map(k -> DynamicTest.dynamicTest(k.toString(), () -> run(server.get(), k))),
                    Stream.of(DynamicTest.dynamicTest("the server stops without a leaked buffer", server::stopAndCheck)));
            return DynamicContainer.dynamicContainer(c.toString(), tests);
        });
    }

    private static void run(ServerFixture server, Case k) throws Exception {
        try (RawConnection conn = server.connect()) {
            conn.socket().setSoTimeout(ANSWER_WITHIN_MILLIS);
            for (int i = 0; i < k.writes().size(); i++) {
                if (i > 0) {
                    Thread.sleep(SPLIT_PAUSE_MILLIS);
                }
                conn.send(k.writes().get(i));
            }
            for (int expected : k.statuses()) {
                RawResponse response;
                try {
                    response = conn.readFinal();
                } catch (java.net.SocketTimeoutException e) {
                    throw new AssertionError(k.name() + ": no response within " + ANSWER_WITHIN_MILLIS + " ms", e);
                } catch (IOException e) {
                    throw new AssertionError(k.name() + ": no " + expected + " response: " + e, e);
                }
                assertEquals(expected, response.status(), k.name() + ": " + response);
                if (k.close() && expected >= 400) {
                    assertEquals("close", lower(response.header("connection")),
                            k.name() + ": a refusal that closes says so");
                }
            }
            if (k.close()) {
                byte[] rest = conn.awaitClosed(CLOSE_WITHIN);
                assertEquals("", new String(rest, StandardCharsets.ISO_8859_1),
                        k.name() + ": nothing may follow the expected responses");
            } else {
                conn.send("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals("GET /next", conn.readFinal().bodyText(), k.name() + ": the connection stays usable");
            }
        }
        try (RawConnection fresh = server.connect()) {
            fresh.socket().setSoTimeout(ANSWER_WITHIN_MILLIS);
            fresh.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("GET /after", fresh.readFinal().bodyText(), k.name() + ": the server still serves");
        }
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** Starts on first use; stopped by the last test of its combination. */
    private static final class Server {
        private final Combination combination;
        private ServerFixture fixture;
        private boolean stopped;

        Server(Combination combination) {
            this.combination = combination;
        }

        synchronized ServerFixture get() {
            if (stopped) {
                throw new IllegalStateException("stopped");
            }
            if (fixture == null) {
                fixture = combination.serve(app -> {
                    app.get("/{*path}", ctx -> ctx.response().send("GET " + ctx.request().path()));
                    app.post("/{*path}", ctx -> ctx.response().send("POST " + ctx.request().readAllBytes().length));
                });
            }
            return fixture;
        }

        synchronized void stopAndCheck() {
            stopped = true;
            if (fixture != null) {
                fixture.close();
                fixture = null;
            }
            List<RecordingLeakDetector.Leak> leaks = LeakCheck.collect();
            if (!leaks.isEmpty()) {
                fail(leaks.size() + " Netty buffer leak(s) while serving the corpus on " + combination + ":\n" + leaks);
            }
        }
    }

    // ---- the corpus format (documented at the top of the file) ----

    static List<Case> load() {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException(CORPUS + " is not on the test class path");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\\s+", 4);
                if (fields.length < 4) {
                    throw new IllegalArgumentException(CORPUS + ":" + (i + 1) + ": expected NAME STATUSES CLOSE REQUEST");
                }
                List<Integer> statuses = new ArrayList<>();
                for (String status : fields[1].split(",")) {
                    statuses.add(Integer.parseInt(status));
                }
                boolean close = switch (fields[2]) {
                    case "close" -> true;
                    case "open" -> false;
                    default -> throw new IllegalArgumentException(CORPUS + ":" + (i + 1) + ": CLOSE is close or open");
                };
                cases.add(new Case(fields[0], List.copyOf(statuses), close, writes(fields[3], i + 1), i + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(!cases.isEmpty(), "the corpus is empty");
        return cases;
    }

    /** The request split at unescaped '|' characters, each part unescaped. */
    static List<byte[]> writes(String request, int line) {
        List<byte[]> writes = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < request.length(); i++) {
            char ch = request.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == '|') {
                writes.add(unescape(request.substring(start, i), line));
                start = i + 1;
            }
        }
        writes.add(unescape(request.substring(start), line));
        return writes;
    }

    static byte[] unescape(String text, int line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch > 0xff) {
                throw new IllegalArgumentException(CORPUS + ":" + line + ": write bytes above 0xFF as \\xHH");
            }
            if (ch != '\\') {
                out.write(ch);
                continue;
            }
            if (++i >= text.length()) {
                throw new IllegalArgumentException(CORPUS + ":" + line + ": a lone '\\' at the end");
            }
            char escape = text.charAt(i);
            switch (escape) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '\\', '|' -> out.write(escape);
                case 'x' -> {
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case '{' -> {
                    int colon = text.indexOf(':', i);
                    int end = text.indexOf('}', colon);
                    if (colon < 0 || end < 0) {
                        throw new IllegalArgumentException(CORPUS + ":" + line + ": \\{N:TEXT} is not closed");
                    }
                    int times = Integer.parseInt(text.substring(i + 1, colon));
                    byte[] repeated = unescape(text.substring(colon + 1, end), line);
                    for (int n = 0; n < times; n++) {
                        out.writeBytes(repeated);
                    }
                    i = end;
                }
                default -> throw new IllegalArgumentException(CORPUS + ":" + line + ": unknown escape \\" + escape);
            }
        }
        return out.toByteArray();
    }
}
