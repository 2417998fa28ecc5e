package dev.harrier.kernel;

import dev.harrier.http.Attack;
import dev.harrier.http.Headers;
import dev.harrier.http.ServerLimits;
import dev.harrier.http.TlsInfo;
import dev.harrier.spi.Exchange;
import dev.harrier.spi.ExchangeListener;
import dev.harrier.spi.ProtocolProvider;
import dev.harrier.spi.ServerConnection;
import dev.harrier.spi.TransportConnection;
import dev.harrier.spi.UpgradeRequest;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel's view of one accepted connection, offered to its protocol. */
final class KernelConnection implements ServerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(KernelConnection.class);

    private final KernelServer server;
    private final TransportConnection accepted;
    private final Channel channel;
    private final Endpoint endpoint;
    private final long number;
    private final LoopExecutor loop;
    private Dispatcher dispatcher;
    private boolean concurrentExchanges;
    private final ConnectionCounter counter;
    private long requests;
    private String id;
    private TlsInfo tls;
    private String altSvc;

    KernelConnection(KernelServer server, TransportConnection accepted, Endpoint endpoint, long number,
            ConnectionCounter counter) {
        this.server = server;
        this.accepted = accepted;
        this.channel = accepted.channel();
        this.endpoint = endpoint;
        this.number = number;
        this.counter = counter;
        this.loop = new LoopExecutor(channel.eventLoop(), this::unexpected);
    }

    /**
     * Hands the connection to a protocol: from now on its requests are dispatched as that
     * protocol needs (one after another, or concurrently when multiplexed).
     */
    void install(ProtocolProvider protocol) {
        dispatchAs(protocol);
        protocol.install(channel, this);
    }

    private void dispatchAs(ProtocolProvider protocol) {
        concurrentExchanges = protocol.concurrentExchanges();
        dispatcher = Dispatcher.create(server.options().scheduling(), concurrentExchanges,
                server.requestThreads().forLoop(channel.eventLoop()));
    }

    /** Whether the connection's protocol carries concurrent exchanges (HTTP/2 streams). */
    boolean concurrentExchanges() {
        return concurrentExchanges;
    }

    @Override
    public ServerLimits limits() {
        return server.options().limits();
    }

    @Override
    public String scheme() {
        return endpoint.url().scheme();
    }

    @Override
    public boolean addServerHeader() {
        return server.options().addServerHeader();
    }

    @Override
    public ExchangeListener dispatch(Exchange exchange) {
        RequestContext request = new RequestContext(this, exchange, ++requests);
        dispatcher.submit(request);
        return request;
    }

    /** Only cleartext connections switch by Upgrade; TLS ones choose their protocol by ALPN. */
    @Override
    public boolean canUpgrade(String token, Headers requestHeaders) {
        ProtocolProvider target = upgradeTarget(token);
        return target != null && target.acceptsUpgrade(requestHeaders);
    }

    @Override
    public void upgrade(String token, UpgradeRequest request) {
        ProtocolProvider target = upgradeTarget(token);
        if (target == null) {
            throw new IllegalStateException("No protocol of this endpoint is reached by Upgrade: " + token);
        }
        LOG.debug("Connection {} switches to {} by Upgrade", id(), target.name());
        dispatchAs(target);
        target.installUpgraded(channel, this, request);
    }

    private ProtocolProvider upgradeTarget(String token) {
        return scheme().equals("http") ? endpoint.protocols().upgradeTarget(token) : null;
    }

    @Override
    public void unexpected(Throwable cause) {
        server.unexpected(this, cause);
    }

    @Override
    public void attackStopped(Attack attack) {
        server.attackStopped(this, attack);
    }

    @Override
    public void protocolError(String reason) {
        server.protocolError(this, reason);
    }

    /** Leaves the connection count for the upgraded count; {@code false} when that is full. */
    boolean tryUpgrade() {
        return counter.tryUpgrade(channel);
    }

    KernelServer server() {
        return server;
    }

    LoopExecutor loop() {
        return loop;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    /** A short server-unique id, as in Kestrel's connection ids. */
    String id() {
        if (id == null) {
            id = Long.toString(number, 36).toUpperCase(java.util.Locale.ROOT);
        }
        return id;
    }

    SocketAddress localAddress() {
        return accepted.localAddress();
    }

    SocketAddress remoteAddress() {
        return accepted.remoteAddress();
    }

    String transportName() {
        return accepted.transport();
    }

    /** What the TLS handshake negotiated, or {@code null} on a cleartext connection. */
    TlsInfo tls() {
        return tls;
    }

    /** Records the TLS handshake's outcome; called on the event loop before the protocol is installed. */
    void tls(TlsInfo value) {
        tls = value;
    }

    /** The Alt-Svc value that advertises the endpoint's multiplexed protocols on its responses, or {@code null}. */
    String altSvc() {
        return altSvc;
    }

    void altSvc(String value) {
        altSvc = value;
    }

    Endpoint endpoint() {
        return endpoint;
    }
}
