package dev.harrier.benchmarks;

import dev.harrier.kernel.ConfigurationException;
import dev.harrier.app.WebApp;

/**
 * The TechEmpower plaintext test on Harrier: {@code GET /plaintext} answers
 * {@code Hello, World!} as {@code text/plain}.
 *
 * <p>Takes the normal Harrier arguments, so the load harness chooses the scheduling with
 * {@code --harrier.scheduling=Inline} or {@code --harrier.scheduling=VirtualThreads} (the
 * default), the address with {@code --urls} and the event loops with
 * {@code --harrier.eventLoopThreads}.
 */
public final class PlaintextApp {

    private PlaintextApp() {
    }

    public static void main(String[] args) {
        try {
            WebApp app = WebApp.create(args);
            app.get("/plaintext", ctx -> ctx.response().send("Hello, World!"));
            app.run();
        } catch (ConfigurationException e) {
            System.err.println("plaintext: " + e.getMessage());
            System.exit(2);
        }
    }
}
