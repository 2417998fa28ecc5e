package dev.harrier.tests.support;

import dev.harrier.app.WebApp;

/**
 * A server process for tests that need several at once: configured like any Harrier app
 * (command line), it answers {@code GET /pid} with its process id, so that a client can tell
 * which process served it. Started with the test class path by {@link ServerProcess}.
 */
public final class PidServer {

    private PidServer() {
    }

    public static void main(String[] args) {
        String pid = Long.toString(ProcessHandle.current().pid());
        WebApp app = WebApp.create(args);
        app.get("/pid", ctx -> ctx.response().send(pid));
        app.run();
    }
}
