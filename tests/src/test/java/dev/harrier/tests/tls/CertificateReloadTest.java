package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.RawConnection;
import dev.harrier.tests.support.ServerProcess;
import dev.harrier.tests.support.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate files replaced on disk reach new connections without a restart, while open
 * connections carry on; a broken replacement keeps the previous certificate, with a warning
 * naming the file. A server process, so that its log can be read.
 */
class CertificateReloadTest {

    private static final TestCertificates CERTIFICATES = TestCertificates.shared();

    @TempDir
    Path dir;

    private void issue(String name) throws IOException {
        CERTIFICATES.issueServer(name, "localhost").writePem(dir.resolve("server.pem"), dir.resolve("server.key"));
    }

    private static String presented(int port) throws IOException {
        try (SSLSocket socket = CERTIFICATES.connect(port, null, CERTIFICATES.sslContext(null))) {
            return TestCertificates.presentedName(socket);
        }
    }

    private static void awaitPresented(int port, String expected) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        String seen = presented(port);
        while (!seen.equals(expected) && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            seen = presented(port);
        }
        assertEquals(expected, seen);
    }

    @Test
    void newConnectionsGetTheNewCertificateAndABrokenOneIsIgnored() throws Exception {
        issue("first");
        int port = freePort();
        try (ServerProcess server = ServerProcess.pidServer(List.of(), "--urls", "https://127.0.0.1:" + port,
                "--harrier.certificates.default.path=" + dir.resolve("server.pem"),
                "--harrier.certificates.default.keyPath=" + dir.resolve("server.key"),
                "--harrier.certificates.reloadInterval=PT0.1S")) {
            server.awaitOutput("Application started.");
            String pid = Long.toString(server.pid());
            SSLSocket kept = CERTIFICATES.connect(port, null, CERTIFICATES.sslContext(null));
            try (RawConnection keepAlive = RawConnection.over(kept)) {
                keepAlive.send("GET /pid HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(pid, keepAlive.readFinal().bodyText());
                assertEquals("first", TestCertificates.presentedName(kept));

                issue("second");
                awaitPresented(port, "second");
                server.awaitOutput("Reloaded the certificate of endpoint 'url0' (https://127.0.0.1:" + port + ") from "
                        + dir.resolve("server.pem"));
                keepAlive.send("GET /pid HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(pid, keepAlive.readFinal().bodyText(), "an open connection carries on");

                Path broken = dir.resolve("broken.tmp");
                Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n",
                        StandardCharsets.US_ASCII);
                Files.move(broken, dir.resolve("server.key"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                server.awaitOutput("Keeping the previous certificate of endpoint 'url0' (https://127.0.0.1:" + port
                        + "): Cannot read the private key file " + dir.resolve("server.key") + ": ");
                assertEquals("second", presented(port), "the broken file changed nothing");
                assertTrue(server.output().lines().anyMatch(line -> line.contains(" WARN ") && line.contains("server.key")),
                        server.output());

                issue("third");
                awaitPresented(port, "third");
                keepAlive.send("GET /pid HTTP/1.1\r\nHost: a\r\n\r\n");
                assertEquals(pid, keepAlive.readFinal().bodyText());
            }
            assertEquals(143, server.terminate(), server.output());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
