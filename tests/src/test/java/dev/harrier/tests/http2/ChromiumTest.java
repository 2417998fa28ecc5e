package dev.harrier.tests.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser on HTTP/2: headless Chromium loads a page from the runnable server over HTTPS with
 * the development certificate (made on first use in a home directory of its own), negotiates h2
 * by ALPN, and the page shows that the request arrived as HTTP/2 over TLS.
 */
class ChromiumTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path home;

    @Test
    void chromiumLoadsAPageOverH2WithTheDevelopmentCertificate() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install -y chromium");
        try (ServerProcess server = ServerProcess.runnableJar(List.of("-Duser.home=" + home),
                "--urls", "https://localhost:0")) {
            String output = server.awaitOutput("Application started.").output();
            assertTrue(output.contains("Created the development certificate"), output);
            Matcher listening = Pattern.compile("Now listening on: https://localhost:(\\d+)").matcher(output);
            assertTrue(listening.find(), output);

            String page = dumpDom("https://localhost:" + listening.group(1) + "/whoami");

            assertTrue(page.contains("scheme https, protocol HTTP/2"), page);
            assertEquals(143, server.terminate(), server.output());
        }
    }

    /** The page's DOM after Chromium has loaded it, certificate errors ignored (a self-signed one). */
    private String dumpDom(String url) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-quic", "--ignore-certificate-errors",
                "--user-data-dir=" + Files.createTempDirectory(home, "chromium"), "--dump-dom", url));
        Process chromium = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = chromium.getInputStream().readAllBytes();
        assertTrue(chromium.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertEquals(0, chromium.exitValue(), "chromium failed on " + url);
        return new String(dom, StandardCharsets.UTF_8);
    }
}
