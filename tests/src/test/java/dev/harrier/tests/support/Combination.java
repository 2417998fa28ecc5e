package dev.harrier.tests.support;

import dev.harrier.app.Configuration;
import dev.harrier.kernel.ProviderRegistry;
import dev.harrier.kernel.Scheduling;
import dev.harrier.kernel.VirtualThreadCarriers;
import dev.harrier.app.WebApp;
import dev.harrier.spi.BindTarget;
import dev.harrier.spi.ConnectionKind;
import dev.harrier.spi.Transport;
import dev.harrier.spi.TransportOptions;
import dev.harrier.spi.TransportProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * One way of serving HTTP that every conformance test must pass: a transport found by
 * {@link ServiceLoader}, a scheduling mode and the protocol the clients speak. New dimensions
 * (TLS) become new components here and new loops in {@link #all()}; the tests stay as they are.
 *
 * @param transport  the transport's name, as configured with {@code harrier.transport}
 * @param scheduling where the request pipeline runs
 * @param protocol   what the fixture's clients speak
 * @param carriers   what carries the virtual threads of {@link Scheduling#VIRTUAL_THREADS}
 */
public record Combination(String transport, Scheduling scheduling, WireProtocol protocol, VirtualThreadCarriers carriers) {

    /** A combination with the default carriers: the event loops, in the test JVM (Java 24+, {@code java.lang} open). */
    public Combination(String transport, Scheduling scheduling, WireProtocol protocol) {
        this(transport, scheduling, protocol, VirtualThreadCarriers.AUTO);
    }

    /**
     * The in-memory transport of {@code examples/custom-transport}: its connections are not
     * sockets, so {@link ServerFixture} reaches it through a {@link MemoryBridge}.
     */
    public static final String MEMORY = "memory";

    private static final Map<String, Boolean> UNIX_SOCKETS = new ConcurrentHashMap<>();

    /**
     * Every combination of a discovered transport and a scheduling mode over HTTP/1.1; and h2c,
     * HTTP/1.1 over TLS and h2 over TLS on every socket transport with virtual threads and on
     * NIO inline as well: the protocols and TLS are transport-neutral above the socket, so that
     * covers them without multiplying the suite. Virtual threads on the JDK's carriers instead
     * of the event loops: HTTP/1.1 and h2c on NIO, as the carriers are transport-neutral. A
     * transport that is discovered but unavailable stays in the list: starting a server on it
     * fails with its reason, so every test of that combination fails instead of being skipped.
     */
    public static List<Combination> all() {
        List<Combination> all = new ArrayList<>();
        List<TransportProvider> transports = socketTransports();
        for (TransportProvider transport : transports) {
            for (Scheduling scheduling : Scheduling.values()) {
                all.add(new Combination(transport.name(), scheduling, WireProtocol.HTTP1));
            }
        }
        for (WireProtocol protocol : List.of(WireProtocol.H2C, WireProtocol.H1_TLS, WireProtocol.H2_TLS)) {
            for (TransportProvider transport : transports) {
                for (Scheduling scheduling : Scheduling.values()) {
                    boolean socket = !transport.name().equalsIgnoreCase(MEMORY);
                    if (socket && (scheduling == Scheduling.VIRTUAL_THREADS || transport.name().equals("nio"))) {
                        all.add(new Combination(transport.name(), scheduling, protocol));
                    }
                }
            }
        }
        if (all.isEmpty()) {
            throw new IllegalStateException("No transport was discovered: the suite would test nothing");
        }
        for (WireProtocol protocol : List.of(WireProtocol.HTTP1, WireProtocol.H2C)) {
            all.add(new Combination("nio", Scheduling.VIRTUAL_THREADS, protocol, VirtualThreadCarriers.JDK));
        }
        return all;
    }

    /** The combinations that have every one of {@code required}. */
    public static List<Combination> all(Capability... required) {
        return all().stream().filter(c -> Arrays.stream(required).allMatch(c::has)).toList();
    }

    /** The transports on the test class path, as the server discovers them. */
    public static List<TransportProvider> discoveredTransports() {
        return ProviderRegistry.serviceLoader(Combination.class.getClassLoader()).transports();
    }

    /**
     * The discovered transports that can be an endpoint's transport: those that make stream
     * connections. A multiplexed one (QUIC) rides on their datagram sockets and is tested
     * through the protocol it carries.
     */
    public static List<TransportProvider> socketTransports() {
        return discoveredTransports().stream().filter(p -> p.connectionKind() == ConnectionKind.STREAM).toList();
    }

    /**
     * Whether this combination has the capability. Unix domain sockets are asked of the
     * transport itself; the socket-level ones are declared: every transport but the in-memory
     * one opens real sockets. An unavailable transport is said to have everything, so that its
     * tests fail with its reason instead of disappearing. The wire capabilities are the protocol's,
     * over TLS on NIO only (see {@link #wireTestedOverTls()}).
     */
    public boolean has(Capability capability) {
        return switch (capability) {
            case UNIX_SOCKETS -> UNIX_SOCKETS.computeIfAbsent(transport, Combination::listensOnUnixSockets);
            case TCP_SOCKETS, FLOW_CONTROL -> !transport.equalsIgnoreCase(MEMORY);
            case HALF_CLOSE -> !transport.equalsIgnoreCase(MEMORY) && !protocol.secure();
            case HTTP1_WIRE -> protocol.http1Wire() && (!protocol.secure() || wireTestedOverTls());
            case HTTP2_WIRE -> protocol.http2Wire() && (!protocol.secure() || wireTestedOverTls());
            case CLEARTEXT_WIRE -> !protocol.secure();
            case HTTP2 -> protocol.version().equals("HTTP/2");
            case BLOCKING_HANDLERS -> handlersMayBlock();
        };
    }

    /**
     * Whether the tests on the wire (hand-written HTTP/1.1, HTTP/2 frames) run over TLS on this
     * combination: on NIO, with both scheduling modes. What TLS changes for them (records,
     * close_notify, a handshake before the first byte) happens in the TLS handler, between the
     * socket and the protocol and the same on every transport; the tests on the wire run in
     * cleartext on every transport, and the tests through the JDK client and curl over TLS on every
     * socket transport. Running the wire tests over TLS on the native transports as well would
     * add minutes to the suite for little more.
     */
    private boolean wireTestedOverTls() {
        return transport.equals("nio");
    }

    private static boolean listensOnUnixSockets(String name) {
        TransportProvider provider = socketTransports().stream().filter(p -> p.name().equals(name))
                .findFirst().orElseThrow();
        if (!provider.availability().available()) {
            return true;
        }
        Transport transport = provider.create(new TransportOptions(1, "harrier-capability-" + name));
        try {
            return transport.supports(new BindTarget.Unix(Path.of("capability-probe.sock")));
        } finally {
            transport.close();
        }
    }

    /** Whether handlers may block (read the body as it arrives, wait): not on the event loop. */
    public boolean handlersMayBlock() {
        return scheduling != Scheduling.INLINE;
    }

    /**
     * An app listening on a dynamic port of 127.0.0.1, served by this combination: over TLS
     * with the test authority's server certificate when its protocol is secure.
     */
    public WebApp newApp() {
        WebApp app = newApp(Configuration.empty());
        app.urls(protocol.scheme() + "://127.0.0.1:0");
        return app;
    }

    /**
     * An app with this configuration and providers from the class path, served by this
     * combination; when its protocol is secure, HTTPS endpoints get the test authority's server
     * certificate.
     */
    public WebApp newApp(Configuration configuration) {
        WebApp app = apply(WebApp.create(configuration, ProviderRegistry.serviceLoader(Combination.class.getClassLoader())));
        if (protocol.secure()) {
            TestCertificates.shared().useFor(app);
        }
        return app;
    }

    /**
     * Sets this combination's transport and scheduling on an app (code precedence). Its
     * endpoints keep the default protocols (HTTP/1.1 and HTTP/2): the clients choose.
     */
    public WebApp apply(WebApp app) {
        app.options().transport(transport).scheduling(scheduling).virtualThreadCarriers(carriers);
        return app;
    }

    /** Starts an app, with clients that speak this combination's protocol. */
    public ServerFixture start(WebApp app) {
        return ServerFixture.start(app, protocol);
    }

    /** Starts an app on 127.0.0.1 after {@code configure} has added its routes and options. */
    public ServerFixture serve(Consumer<WebApp> configure) {
        WebApp app = newApp();
        configure.accept(app);
        return start(app);
    }

    @Override
    public String toString() {
        return transport + "/" + scheduling.name().toLowerCase(java.util.Locale.ROOT)
                + (carriers == VirtualThreadCarriers.AUTO ? "" : "-on-" + carriers.name().toLowerCase(java.util.Locale.ROOT))
                + "/" + protocol;
    }

    /**
     * The arguments of an {@link HttpTest}: every combination that has the capabilities it
     * requires. Requiring one that no combination has is an error, not an empty test.
     */
    public static final class Source implements ArgumentsProvider {

        @Override
        public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
            Capability[] required = context.getRequiredTestMethod().getAnnotation(HttpTest.class).requires();
            List<Combination> combinations = all(required);
            if (combinations.isEmpty()) {
                throw new IllegalStateException("No combination has " + Arrays.toString(required));
            }
            return combinations.stream().map(Arguments::of);
        }
    }
}
