package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.RawResponse;
import dev.harrier.tests.support.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Transports seen from outside, with server processes: a native transport made unavailable
 * (listed with its reason, refused with exit code 2, or replaced when fallback is allowed), and
 * several processes sharing one port with {@code reusePort}, one of them stopping under load.
 */
class TransportProcessTest {

    /**
     * Netty 4.2 has no switch for io_uring alone: {@code io.netty.transport.noNative} (read by
     * {@code IoUring}'s and {@code Epoll}'s static initialisers) makes both native transports
     * unavailable, with that reason, which leaves {@code nio}.
     */
    private static final List<String> NO_NATIVE = List.of("-Dio.netty.transport.noNative=true");
    private static final String NO_NATIVE_CAUSE = "Native transport was explicit disabled with -Dio.netty.transport.noNative=true";

    private static final int LOAD_THREADS = 3;

    @Test
    void anUnavailableTransportIsListedRefusedOrReplaced() throws Exception {
        try (ServerProcess list = ServerProcess.runnableJar(NO_NATIVE, "--list-transports")) {
            assertEquals(0, list.awaitExit(), list.output());
            String out = list.output();
            assertTrue(Pattern.compile("(?m)^\\s+nio\\s+priority \\d+\\s+available$").matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^\\s+epoll\\s+priority \\d+\\s+unavailable: .*" + Pattern.quote(NO_NATIVE_CAUSE))
                    .matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^\\s+io_uring\\s+priority \\d+\\s+unavailable: .*" + Pattern.quote(NO_NATIVE_CAUSE))
                    .matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^\\s+Http1\\s+order \\d+\\s+stream connections, ALPN http/1.1$").matcher(out).find(), out);
            assertTrue(Pattern.compile("(?m)^\\s+Http2\\s+order \\d+\\s+stream connections, ALPN h2, detected by its first bytes$")
                    .matcher(out).find(), out);
        }

        String url = "http://127.0.0.1:" + freePort();
        try (ServerProcess refused = ServerProcess.runnableJar(NO_NATIVE, "--urls", url, "--harrier.transport=io_uring")) {
            assertEquals(2, refused.awaitExit(), refused.output());
            String out = refused.output();
            assertTrue(out.contains("Transport 'io_uring' for endpoint 'url0' (" + url + ") is unavailable: "), out);
            assertTrue(out.contains(NO_NATIVE_CAUSE), "names the cause: " + out);
            assertTrue(out.contains("Available transports: nio;"), "names the alternatives: " + out);
            assertFalse(out.contains("Now listening on"), out);
        }

        try (ServerProcess replaced = ServerProcess.runnableJar(NO_NATIVE, "--urls", url,
                "--harrier.transport=io_uring", "--harrier.transportFallback=true")) {
            replaced.awaitOutput("Now listening on: " + url + " (nio)").awaitOutput("Application started.");
            assertEquals("Hello from inside Harrier", Curl.run(url + "/").ok());
            List<String> warnings = replaced.output().lines().filter(line -> line.contains(" WARN ")).toList();
            assertEquals(1, warnings.size(), replaced.output());
            assertTrue(warnings.get(0).contains("Transport 'io_uring'") && warnings.get(0).contains("falling back to 'nio'"),
                    warnings.get(0));
            assertEquals(143, replaced.terminate(), replaced.output());
        }
    }

    /**
     * Two processes listen on one port with SO_REUSEPORT and both get connections; one stops
     * (SIGTERM) while clients keep connecting: the other process serves on, and no request
     * fails: those the stopping process had accepted are served, those still queued on its
     * listener move to the other one.
     */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void processesShareAPortAndOneStopsUnderLoad(String transport) throws Exception {
        // Linux hands the connections queued on a closing listener to another listener of the
        // port only with this setting; without it they are reset, so no server can stop
        // without losing some. ./harrier test sets it when it may.
        String migrate = Files.readString(Path.of("/proc/sys/net/ipv4/tcp_migrate_req")).trim();
        assertEquals("1", migrate, "port sharing without lost requests needs net.ipv4.tcp_migrate_req=1 "
                + "(Linux 5.14+): run sysctl -w net.ipv4.tcp_migrate_req=1 as root");
        int port = freePort();
        String url = "http://127.0.0.1:" + port;
        String[] args = {"--urls", url, "--harrier.socket.reusePort=true", "--harrier.transport=" + transport};
        try (ServerProcess first = ServerProcess.pidServer(List.of(), args);
             ServerProcess second = ServerProcess.pidServer(List.of(), args)) {
            for (ServerProcess server : List.of(first, second)) {
                server.awaitOutput("Now listening on: " + url + " (" + transport + ")").awaitOutput("Application started.");
            }
            String firstPid = Long.toString(first.pid());
            String secondPid = Long.toString(second.pid());

            try (Load load = new Load(port)) {
                assertTrue(load.awaitServedBy(List.of(firstPid, secondPid), 20), "both processes serve: " + load);

                assertEquals(143, first.terminate(), first.output());
                long afterStop = load.served();
                assertTrue(load.awaitServed(afterStop + 200, 20), "the remaining process serves: " + load);
                load.stop();
                List<String> failed = load.failures();
                assertTrue(failed.isEmpty(), "requests failed: " + failed + " (" + load + ")");
                assertTrue(load.served() > afterStop, load.toString());
            }
            try (RawConnection conn = RawConnection.open("127.0.0.1", port)) {
                conn.send("GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals(secondPid, conn.readFinal().bodyText());
            }
            assertTrue(first.output().contains("Application is shutting down..."), first.output());
            assertEquals(143, second.terminate(), second.output());
        }
    }

    /** Clients that each open connection after connection ({@code Connection: close}) to one port. */
    private static final class Load implements AutoCloseable {

        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong served = new AtomicLong();
        private final Map<String, AtomicLong> byProcess = new ConcurrentHashMap<>();
        private final Queue<String> failures = new ConcurrentLinkedQueue<>();
        private final List<Thread> threads = new ArrayList<>();

        Load(int port) {
            this.port = port;
            for (int i = 0; i < LOAD_THREADS; i++) {
                threads.add(Thread.ofPlatform().daemon().name("load-" + i).start(this::run));
            }
        }

        private void run() {
            while (running.get()) {
                try (RawConnection conn = RawConnection.open("127.0.0.1", port)) {
                    conn.send("GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    RawResponse response = conn.readFinal();
                    if (response.status() != 200) {
                        failures.add("status " + response.status());
                    } else {
                        byProcess.computeIfAbsent(response.bodyText(), pid -> new AtomicLong()).incrementAndGet();
                        served.incrementAndGet();
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }

        long served() {
            return served.get();
        }

        /** Waits until every one of the processes has served a request. */
        boolean awaitServedBy(List<String> pids, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!byProcess.keySet().containsAll(pids) && System.nanoTime() - deadline < 0 && failures.isEmpty()) {
                Thread.sleep(10);
            }
            return byProcess.keySet().containsAll(pids);
        }

        /** Waits until {@code count} requests have been served in all. */
        boolean awaitServed(long count, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (served.get() < count && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            return served.get() >= count;
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }

        @Override
        public String toString() {
            return served + " served, by process " + byProcess + ", " + failures.size() + " failed";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
