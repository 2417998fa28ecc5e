package dev.harrier.tests.http3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.ServerProcess;
import dev.harrier.tls.certificates.DevelopmentCertificate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headless Chromium loads a page from the runnable server over HTTP/3 (QUIC forced on for the
 * origin, the development certificate trusted by the hash of its public key, as Chromium requires
 * for QUIC), with HTTP/1.1, HTTP/2 and HTTP/3 served on one port from the command line.
 */
class Http3ChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path home;

    @Test
    void chromiumLoadsAPageOverHttp3() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium");
        try (ServerProcess server = ServerProcess.runnableJar(List.of("-Duser.home=" + home),
                "--urls", "https://localhost:0", "--harrier.protocols=Http1AndHttp2AndHttp3")) {
            String output = server.awaitOutput("Application started.").output();
            Matcher listening = Pattern.compile("Now listening on: https://localhost:(\\d+) \\(\\S+\\) with Http1, Http2"
                    + " on TCP and Http3 on UDP \\(quic over \\S+\\)").matcher(output);
            assertTrue(listening.find(), output);
            String origin = "localhost:" + listening.group(1);
            String spki = spkiHash(DevelopmentCertificate.in(home.resolve(".harrier/dev-certs")).read().orElseThrow());

            String page = dumpDom("https://" + origin + "/whoami", "--enable-quic", "--origin-to-force-quic-on=" + origin,
                    "--ignore-certificate-errors-spki-list=" + spki);

            assertTrue(page.contains("scheme https, protocol HTTP/3"), page);
            assertEquals(143, server.terminate(), server.output());
        }
    }

    private static String spkiHash(java.security.cert.X509Certificate certificate) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
        return Base64.getEncoder().encodeToString(digest);
    }

    private String dumpDom(String url, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(home, "chromium")));
        command.addAll(List.of(flags));
        command.addAll(List.of("--dump-dom", url));
        Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = chromium.getInputStream().readAllBytes();
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, chromium.exitValue(), "chromium failed on " + url);
        return new String(dom, StandardCharsets.UTF_8);
    }
}
