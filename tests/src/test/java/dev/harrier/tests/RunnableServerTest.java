package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.Command;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, started as the README says ({@code java -jar bundles/server/target/harrier-server.jar}),
 * on a free port instead of the default 5000 so that runs never clash.
 */
class RunnableServerTest {

    private static final Path JAR = Path.of(System.getProperty("harrier.tests.repositoryRoot", ".."))
            .resolve("bundles/server/target/harrier-server.jar").toAbsolutePath().normalize();

    @Test
    void runsWithUrlsOnTheCommandLine() throws Exception {
        int port = freePort();
        runServer(port, pb -> pb.command().addAll(List.of("--urls", "http://127.0.0.1:" + port)));
    }

    @Test
    void runsWithUrlsFromTheEnvironment() throws Exception {
        int port = freePort();
        runServer(port, pb -> pb.environment().put("HARRIER_URLS", "http://127.0.0.1:" + port));
    }

    /**
     * With nothing configured the server listens on http://localhost:5000 and
     * https://localhost:5001 (so this test needs those ports free), in the Development
     * environment, with a development certificate it creates on first use in the user's home.
     */
    @Test
    void servesHttpOn5000AndHttpsOn5001ByDefault(@TempDir Path home) throws Exception {
        List<String> inHome = List.of("-Duser.home=" + home);
        try (ServerProcess server = ServerProcess.runnableJar(inHome)) {
            server.awaitOutput("Now listening on: https://localhost:5001").awaitOutput("Application started.");
            String output = server.output();
            assertTrue(output.contains("Now listening on: http://localhost:5000"), output);
            assertTrue(output.contains("Created the development certificate for localhost in "
                    + home.resolve(".harrier/dev-certs")), output);

            Path exported = home.resolve("localhost.pem");
            try (ServerProcess export = ServerProcess.runnableJar(inHome, "dev-certs", "--export", exported.toString())) {
                assertEquals(0, export.awaitExit(), export.output());
            }
            assertEquals("Hello from inside Harrier", Curl.run("--cacert", exported.toString(), "https://localhost:5001/").ok());
            assertEquals("Hello from inside Harrier", Curl.run("-k", "https://127.0.0.1:5001/").ok());
            String whoami = Curl.run("--cacert", exported.toString(), "https://localhost:5001/whoami").ok();
            assertTrue(whoami.contains(", scheme https, protocol HTTP/"), whoami);
            assertEquals("Hello from inside Harrier", Curl.run("http://localhost:5000/").ok());

            assertTrue(output.contains("Now listening on: https://localhost:5001 (") && output.contains(
                    "with Http1, Http2 on TCP and Http3 on UDP (quic over "), "the HTTPS endpoint serves HTTP/3: " + output);
            String head = Curl.run("-k", "-I", "https://127.0.0.1:5001/").ok();
            assertTrue(head.contains("alt-svc: h3=\":5001\"; ma=86400"), head);
            Path downloads = Files.createDirectories(home.resolve("downloads"));
            Command.Result h3 = Command.run(null, Duration.ofSeconds(30), List.of("gtlsclient", "--exit-on-all-streams-close",
                    "--no-quic-dump", "--no-http-dump", "--download=" + downloads, "127.0.0.1", "5001",
                    "https://localhost:5001/whoami"));
            assertEquals(0, h3.exitCode(), h3.stderr());
            assertTrue(Files.readString(downloads.resolve("whoami")).contains(", scheme https, protocol HTTP/3"));
            assertEquals(143, server.terminate(), server.output());
        }
    }

    @Test
    void badConfigurationExitsWithAMessage() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java(), "-jar", JAR.toString(), "--urls", "http://127.0.0.1:nope")
                .redirectErrorStream(true);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), output);
        assertTrue(output.contains("Invalid URL 'http://127.0.0.1:nope'"), output);
    }

    private static void runServer(int port, Consumer<ProcessBuilder> configure) throws Exception {
        assertTrue(Files.isRegularFile(JAR), "build the server first (mvn package): " + JAR);
        // The output goes to a file: a pipe read by this JVM loses what the child prints while
        // it exits (the JDK drains a finished process's pipe only once).
        Path log = Files.createTempFile("harrier-server", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(java(), "-jar", JAR.toString())))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("HARRIER_URLS");
        configure.accept(pb);
        Process process = pb.start();
        try {
            awaitOutput(log, "Now listening on: http://127.0.0.1:" + port);
            awaitOutput(log, "Application started.");

            assertEquals("Hello from inside Harrier", Curl.run("http://127.0.0.1:" + port + "/").ok());
            String whoami = Curl.run("http://127.0.0.1:" + port + "/whoami").ok();
            assertTrue(whoami.startsWith("You are /127.0.0.1:") && whoami.endsWith(", scheme http, protocol HTTP/1.1"), whoami);
            String forwarded = Curl.run("-H", "X-Forwarded-For: 203.0.113.5", "-H", "X-Forwarded-Proto: https",
                    "http://127.0.0.1:" + port + "/whoami").ok();
            assertTrue(forwarded.startsWith("You are /203.0.113.5:") && forwarded.contains(", scheme https, protocol HTTP/"), forwarded);

            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the server did not stop on SIGTERM:\n" + read(log));
            String output = read(log);
            // The JVM reports a SIGTERM exit as 128 + 15 after running the shutdown hook.
            assertEquals(143, process.exitValue(), output);
            assertTrue(output.contains("Application is shutting down..."), output);
            assertTrue(!output.contains("Exception"), output);
        } finally {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(log);
        }
    }

    private static void awaitOutput(Path log, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (read(log).contains(expected)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The server never printed '" + expected + "':\n" + read(log));
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
