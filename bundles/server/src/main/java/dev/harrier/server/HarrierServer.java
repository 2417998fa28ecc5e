package dev.harrier.server;

import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.ProviderReport;
import dev.harrier.kernel.WebApp;
import dev.harrier.kernel.middleware.ForwardedHeaders;
import java.util.Arrays;

/**
 * The runnable server: a hello app on the embedded defaults ({@code http://localhost:5000}),
 * configured like any Harrier app ({@code --urls}, {@code HARRIER_URLS},
 * {@code harrier.properties}). {@code --list-transports} prints the transports and protocols
 * found, available or not, with the reason, and exits.
 */
public final class HarrierServer {

    private HarrierServer() {
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--list-transports")) {
            System.out.print(ProviderReport.describe(ProviderRegistry.serviceLoader(HarrierServer.class.getClassLoader())));
            return;
        }
        WebApp app;
        try {
            app = WebApp.create(args);
        } catch (ConfigurationException e) {
            System.err.println("harrier: " + e.getMessage());
            System.exit(2);
            return;
        }
        app.use(new ForwardedHeaders());
        app.get("/", ctx -> ctx.response().send("Hello from inside Harrier"));
        app.get("/whoami", ctx -> ctx.response().send(
                "You are " + ctx.connection().remoteAddress() + ", scheme " + ctx.request().scheme()));
        try {
            app.run();
        } catch (ConfigurationException e) {
            System.err.println("harrier: " + e.getMessage());
            System.exit(2);
        }
    }
}
