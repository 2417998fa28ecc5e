package dev.harrier.server;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ConfigurationException;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.ProviderReport;
import dev.harrier.kernel.ServerOptions;
import dev.harrier.app.WebApp;
import dev.harrier.tls.certificates.DevelopmentCertificate;
import dev.harrier.app.middleware.ForwardedHeaders;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The runnable server: a hello app on {@code http://localhost:5000} and
 * {@code https://localhost:5001}, configured like any Harrier app ({@code --urls},
 * {@code HARRIER_URLS}, {@code harrier.properties}). Its environment is {@code Development}
 * unless configured, so HTTPS on localhost works on a fresh machine with the development
 * certificate, made on first use. {@code --list-transports} prints the transports and
 * protocols found, available or not, with the reason, and exits; {@code dev-certs} manages the
 * development certificate ({@link DevCertsCommand}).
 */
public final class HarrierServer {

    /** Where the runnable server listens when nothing is configured. */
    static final String DEFAULT_URLS = "http://localhost:5000;https://localhost:5001";

    private HarrierServer() {
    }

    /**
     * {@value #DEFAULT_URLS} as two named endpoints, the HTTPS one (with the development
     * certificate) serving HTTP/3 as well.
     */
    private static void defaultEndpoints(Configuration configuration) {
        String[] urls = DEFAULT_URLS.split(";");
        configuration.setDefault("harrier.endpoints.http.url", urls[0]);
        configuration.setDefault("harrier.endpoints.https.url", urls[1]);
        configuration.setDefault("harrier.endpoints.https.protocols", "Http1AndHttp2AndHttp3");
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--list-transports")) {
            System.out.print(ProviderReport.describe(ProviderRegistry.serviceLoader(HarrierServer.class.getClassLoader())));
            return;
        }
        if (args.length > 0 && args[0].equals("dev-certs")) {
            System.exit(new DevCertsCommand(DevelopmentCertificate.ofCurrentUser(), System.out, System.err)
                    .run(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        WebApp app;
        try {
            Configuration configuration = Configuration.load(args, System.getenv(), Path.of(""));
            configuration.setDefault("harrier.environment", ServerOptions.DEVELOPMENT);
            if (configuration.endpointNames().isEmpty() && configuration.get("harrier.urls") == null) {
                defaultEndpoints(configuration);
            }
            app = WebApp.create(configuration, ProviderRegistry.serviceLoader(HarrierServer.class.getClassLoader()));
        } catch (ConfigurationException e) {
            System.err.println("harrier: " + e.getMessage());
            System.exit(2);
            return;
        }
        app.use(new ForwardedHeaders());
        app.get("/", ctx -> ctx.response().send("Hello from inside Harrier"));
        app.get("/whoami", ctx -> ctx.response().send(
                "You are " + ctx.connection().remoteAddress() + ", scheme " + ctx.request().scheme()
                        + ", protocol " + ctx.request().protocol()));
        try {
            app.run();
        } catch (ConfigurationException e) {
            System.err.println("harrier: " + e.getMessage());
            System.exit(2);
        }
    }
}
