package dev.harrier.http;

/**
 * The server's lifecycle as the application sees it, like ASP.NET Core's
 * IHostApplicationLifetime. {@link #isReady()} is the readiness signal for a load balancer: it
 * turns false the moment a graceful shutdown begins, before connections are drained.
 */
public interface ApplicationLifetime {

    /** Started and not stopping. */
    boolean isReady();

    /** Runs once the server listens on every endpoint (at once if it already does). */
    void onStarted(Runnable action);

    /** Runs when a graceful shutdown begins, before in-flight requests are drained. */
    void onStopping(Runnable action);

    /** Runs when the server has stopped. */
    void onStopped(Runnable action);
}
