package dev.harrier.tests.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerProcess;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harrier dev-certs} in a home directory of its own ({@code -Duser.home}): create, check,
 * export for curl and for a PKCS #12 reader, clean; and a development server that uses it.
 */
class DevCertsTest {

    @TempDir
    Path home;

    private ServerProcess devCerts(String... args) throws Exception {
        String[] all = new String[args.length + 1];
        all[0] = "dev-certs";
        System.arraycopy(args, 0, all, 1, args.length);
        return ServerProcess.runnableJar(List.of("-Duser.home=" + home), all);
    }

    private String run(int expectedExit, String... args) throws Exception {
        try (ServerProcess command = devCerts(args)) {
            assertEquals(expectedExit, command.awaitExit(), command.output());
            return command.output();
        }
    }

    @Test
    void createCheckExportUseAndClean() throws Exception {
        Path directory = home.resolve(".harrier/dev-certs");
        assertTrue(run(1, "--check").contains("No development certificate in " + directory));

        String created = run(0);
        assertTrue(created.contains("Created the development certificate: CN=localhost"), created);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve("localhost.key"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        assertTrue(run(0).contains("A valid development certificate already exists"), "a second run keeps it");

        String check = run(0, "--check");
        Matcher until = Pattern.compile("valid until (\\S+),").matcher(check);
        assertTrue(check.contains("A valid development certificate was found: ") && until.find(), check);
        Instant expiry = Instant.parse(until.group(1));
        assertTrue(expiry.isAfter(Instant.now().plus(Duration.ofDays(360)))
                && expiry.isBefore(Instant.now().plus(Duration.ofDays(370))), "about a year: " + expiry);

        Path pem = home.resolve("exported.pem");
        run(0, "--export", pem.toString());
        X509Certificate exported;
        try (InputStream in = Files.newInputStream(pem)) {
            exported = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals("CN=localhost,O=Harrier development certificate", exported.getSubjectX500Principal().getName());
        assertTrue(exported.getSubjectAlternativeNames().toString().contains("localhost")
                && exported.getSubjectAlternativeNames().toString().contains("127.0.0.1")
                && exported.getSubjectAlternativeNames().toString().contains("0:0:0:0:0:0:0:1"),
                exported.getSubjectAlternativeNames().toString());
        assertFalse(Files.readString(pem).contains("PRIVATE KEY"), "a PEM export is for trust stores: no key");

        // A development server uses it on localhost, and curl trusts it through the export.
        try (ServerProcess server = ServerProcess.runnableJar(List.of("-Duser.home=" + home),
                "--urls", "https://localhost:0")) {
            Matcher listening = Pattern.compile("Now listening on: https://localhost:(\\d+)")
                    .matcher(server.awaitOutput("Application started.").output());
            assertTrue(listening.find(), server.output());
            String url = "https://localhost:" + listening.group(1) + "/whoami";
            String answer = Curl.run("--cacert", pem.toString(), url).ok();
            assertTrue(answer.contains(", scheme https, protocol HTTP/"), answer);
            assertFalse(server.output().contains("Created the development certificate"), "the existing one is used");
            assertEquals(143, server.terminate(), server.output());
        }

        Path pfx = home.resolve("exported.pfx");
        assertTrue(run(2, "--export", pfx.toString(), "--format", "Pfx").contains("give it a --password"));
        run(0, "--export", pfx.toString(), "--format", "Pfx", "--password", "s3cret");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pfx)) {
            store.load(in, "s3cret".toCharArray());
        }
        String alias = Collections.list(store.aliases()).get(0);
        assertTrue(store.isKeyEntry(alias));
        assertEquals(exported, store.getCertificate(alias));
        Process openssl = new ProcessBuilder("openssl", "pkcs12", "-in", pfx.toString(), "-passin", "pass:s3cret",
                "-nodes", "-noout").redirectErrorStream(true).start();
        String opensslOutput = new String(openssl.getInputStream().readAllBytes());
        assertEquals(0, openssl.waitFor(), "openssl reads the export: " + opensslOutput);

        assertTrue(run(0, "--clean").contains("Removed the development certificate from " + directory));
        assertFalse(Files.exists(directory.resolve("localhost.pem")) || Files.exists(directory.resolve("localhost.key")));
        assertTrue(run(1, "--check").contains("No development certificate"));
        assertTrue(run(2, "--bogus").contains("usage: harrier dev-certs"));
    }
}
