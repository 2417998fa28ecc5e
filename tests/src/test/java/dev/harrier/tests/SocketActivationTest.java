package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.app.Configuration;
import dev.harrier.app.WebApp;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.tests.support.Curl;
import dev.harrier.tests.support.ServerProcess;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A listening socket handed to the process (systemd socket activation): an endpoint
 * {@code http://fd:3} serves on the socket of file descriptor 3 as it was opened, on a transport
 * that can take one over (epoll), and says where it listens.
 */
class SocketActivationTest {

    @Test
    void anEndpointServesTheSocketHandedToTheProcess() throws Exception {
        try (ServerProcess server = ServerProcess.pidServerWithListeningSocket(List.of(), "--urls", "http://fd:3",
                "--harrier.transport=epoll")) {
            server.awaitOutput("inherited socket on port ");
            Matcher inherited = Pattern.compile("inherited socket on port (\\d+)").matcher(server.output());
            assertTrue(inherited.find(), server.output());
            int port = Integer.parseInt(inherited.group(1));
            server.awaitOutput("Now listening on: http://127.0.0.1:" + port + " (epoll)");
            assertEquals(Long.toString(server.pid()), Curl.run("-sS", "http://127.0.0.1:" + port + "/pid").ok());
            assertEquals(Long.toString(server.pid()), Curl.run("-sS", "http://127.0.0.1:" + port + "/pid").ok(),
                    "it keeps accepting");
            assertEquals(143, server.terminate(), "stops on SIGTERM like any other endpoint");
        }
    }

    @Test
    void aTransportThatCannotTakeOverASocketSaysSoAndABadDescriptorIsRefused() {
        WebApp nio = WebApp.create(Configuration.empty(), ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        nio.urls("http://fd:3");
        nio.options().transport("nio");
        ConfigurationException e = assertThrows(ConfigurationException.class, nio::start);
        assertTrue(e.getMessage().contains("Transport 'nio' cannot listen on http://fd:3")
                && e.getMessage().contains("choose another transport"), e.getMessage());

        WebApp bad = WebApp.create(Configuration.empty(), ProviderRegistry.serviceLoader(getClass().getClassLoader()));
        bad.urls("http://fd:three");
        e = assertThrows(ConfigurationException.class, bad::start);
        assertTrue(e.getMessage().contains("'http://fd:three'") && e.getMessage().contains("http://fd:3"),
                e.getMessage());
    }
}
