package dev.harrier.kernel;

import dev.harrier.http.BadHttpRequestException;
import dev.harrier.http.HttpUpgradeFeature;
import dev.harrier.http.UpgradedConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The {@link HttpUpgradeFeature} of an HTTP/1.1 request that asks to switch protocols. */
final class Upgrade implements HttpUpgradeFeature {

    private final RequestContext context;

    Upgrade(RequestContext context) {
        this.context = context;
    }

    @Override
    public String requestedProtocols() {
        return context.exchange.requestHeaders().get("upgrade");
    }

    @Override
    public UpgradedConnection upgrade() throws IOException {
        KernelResponse response = context.kernelResponse();
        if (response.hasStarted()) {
            throw new IllegalStateException("Cannot upgrade: the response has already started");
        }
        if (!context.connection.tryUpgrade()) {
            throw new BadHttpRequestException(503, "Too many upgraded connections (maxConcurrentUpgradedConnections)");
        }
        RequestBody input = new RequestBody(context.exchange, context.loop, -1, null, refusal -> { });
        CompletableFuture<Void> switched = new CompletableFuture<>();
        context.loop.execute(() -> {
            context.inbound(input);
            context.exchange.switchProtocols();
            switched.complete(null);
        });
        try {
            switched.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while switching protocols", e);
        } catch (ExecutionException e) {
            throw new IOException("Switching protocols failed", e.getCause());
        }
        response.switchedProtocols();
        return new UpgradedConnection() {
            @Override
            public InputStream input() {
                return input;
            }

            @Override
            public OutputStream output() {
                return response;
            }

            @Override
            public void close() throws IOException {
                input.discard();
                response.complete();
            }
        };
    }
}
