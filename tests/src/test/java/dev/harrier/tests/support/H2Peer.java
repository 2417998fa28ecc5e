package dev.harrier.tests.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A frame-level HTTP/2 peer on python3-h2 ({@code src/test/resources/h2peer.py}), run as a
 * process against a server, in cleartext (prior knowledge) or over TLS (ALPN {@code h2}), as
 * the server's fixture speaks. It reports what it observes as lines {@code EVENT key=value ...};
 * {@link #expect} waits for one and returns its fields, {@link #go()} lets a scenario that
 * waits for the test go on.
 */
public final class H2Peer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";
    private static final String END = "\u0000end";
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> transcript = new ArrayList<>();
    private final CompletableFuture<String> stderr;

    private H2Peer(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), lines));
        this.stderr = Command.readAll(process.getErrorStream());
    }

    /**
     * Runs a scenario of the peer against the server, speaking its fixture's protocol: h2c, or h2
     * over TLS trusting the test authority ({@link TestCertificates#caFile()}) with SNI
     * {@code localhost}.
     */
    public static H2Peer start(ServerFixture server, String scenario, String... args) throws IOException {
        if (!server.protocol().http2Wire()) {
            throw new IllegalArgumentException("The server's clients speak " + server.protocol() + ", not HTTP/2");
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        if (server.protocol().secure()) {
            command.addAll(List.of("--tls", TestCertificates.shared().caFile().toString()));
        }
        command.addAll(List.of(Integer.toString(server.port()), scenario));
        command.addAll(List.of(args));
        try {
            return new H2Peer(new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new AssertionError(PYTHON + " cannot be run (" + e.getMessage()
                    + "): install python3 and python3-h2 (see /work/shared/PEERS.md)", e);
        }
    }

    private static Path script() {
        try {
            return Path.of(H2Peer.class.getResource("/h2peer.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pump(BufferedReader reader, BlockingQueue<String> into) {
        try {
            for (String line; (line = reader.readLine()) != null; ) {
                into.add(line);
            }
        } catch (IOException e) {
            into.add("error " + e);
        } finally {
            into.add(END);
        }
    }

    /** Waits up to 30 s for the next line of this event; fails with the transcript otherwise. */
    public Map<String, String> expect(String event) throws InterruptedException {
        return expect(event, DEFAULT_WAIT);
    }

    /**
     * Waits for the next line of this event (lines of other events before it are kept in the
     * transcript) and returns its fields: {@code event}, {@code name} for a bare word after
     * it, and every {@code key=value}.
     */
    public Map<String, String> expect(String event, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (;;) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                if (line != null) {
                    lines.add(END);
                }
                throw new AssertionError("The HTTP/2 peer did not report '" + event + "' "
                        + (line == null ? "within " + within : "before it ended") + "; it said " + transcript
                        + "; stderr: " + stderr.getNow(""));
            }
            transcript.add(line);
            Map<String, String> fields = parse(line);
            if (fields.get("event").equals(event)) {
                return fields;
            }
        }
    }

    private static Map<String, String> parse(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        String[] words = line.split(" ");
        fields.put("event", words[0]);
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            } else {
                fields.put("name", words[i]);
            }
        }
        return fields;
    }

    /** Every remaining line of this event until the peer ends, which it must do successfully. */
    public List<Map<String, String>> all(String event) throws InterruptedException {
        List<Map<String, String>> found = new ArrayList<>();
        for (;;) {
            String line = lines.poll(DEFAULT_WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("The HTTP/2 peer did not end; it said " + transcript);
            }
            if (line.equals(END)) {
                assertSucceeded();
                return found;
            }
            transcript.add(line);
            Map<String, String> fields = parse(line);
            if (fields.get("event").equals(event)) {
                found.add(fields);
            }
        }
    }

    /** Lets a scenario that printed {@code waiting} go on. */
    public void go() throws InterruptedException, IOException {
        expect("waiting");
        stdin.write("go\n");
        stdin.flush();
    }

    private void assertSucceeded() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("The HTTP/2 peer failed: " + stderr.getNow("") + " after " + transcript);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
