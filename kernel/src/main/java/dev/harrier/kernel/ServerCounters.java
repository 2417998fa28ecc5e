package dev.harrier.kernel;

import dev.harrier.http.Attack;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts of what the server refused or cut off since it started; safe to read at any time. */
public final class ServerCounters {

    final AtomicLong refusedConnections = new AtomicLong();
    final AtomicLong refusedUpgrades = new AtomicLong();
    final AtomicLong slowRequestBodies = new AtomicLong();
    final AtomicLong slowResponses = new AtomicLong();
    final AtomicLong abortedAtShutdown = new AtomicLong();
    final AtomicLong unexpectedErrors = new AtomicLong();
    final AtomicLong protocolErrors = new AtomicLong();
    final AtomicLong tlsHandshakesInProgress = new AtomicLong();
    final AtomicLong tlsHandshakesFailed = new AtomicLong();
    final AtomicLongArray attacksStopped = new AtomicLongArray(Attack.values().length);

    /** Connections closed at once because {@code maxConcurrentConnections} was reached. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** Upgrades refused because {@code maxConcurrentUpgradedConnections} was reached. */
    public long refusedUpgrades() {
        return refusedUpgrades.get();
    }

    /** Requests cut off for sending their body slower than {@code minRequestBodyDataRate}. */
    public long slowRequestBodies() {
        return slowRequestBodies.get();
    }

    /** Connections aborted for reading a response slower than {@code minResponseDataRate}. */
    public long slowResponses() {
        return slowResponses.get();
    }

    /**
     * Failures inside the server that no client input explains (logged at error level): should
     * stay 0.
     */
    public long unexpectedErrors() {
        return unexpectedErrors.get();
    }

    /**
     * Streams or connections ended because the client broke the protocol (frames out of order,
     * a bad header block, a violated control stream), as the protocol reported them.
     */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    /** Connections still busy at the shutdown deadline, and so aborted. */
    public long abortedAtShutdown() {
        return abortedAtShutdown.get();
    }

    /** TLS handshakes under way now: HTTPS connections accepted and not yet secured. */
    public long tlsHandshakesInProgress() {
        return tlsHandshakesInProgress.get();
    }

    /**
     * TLS handshakes that failed (a version or certificate the server refuses, an unknown SNI
     * name on a strict endpoint, a client that went away) or timed out.
     */
    public long tlsHandshakesFailed() {
        return tlsHandshakesFailed.get();
    }

    /** Connections ended to stop an attack of this kind. */
    public long attacksStopped(Attack kind) {
        return attacksStopped.get(kind.ordinal());
    }

    /** Connections ended to stop an attack, of any kind. */
    public long attacksStopped() {
        long total = 0;
        for (int i = 0; i < attacksStopped.length(); i++) {
            total += attacksStopped.get(i);
        }
        return total;
    }
}
