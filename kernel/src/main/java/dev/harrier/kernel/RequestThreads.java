package dev.harrier.kernel;

import io.netty.channel.EventLoop;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Makes the virtual threads that run requests, carried by the connection's event loop or by the
 * JDK's scheduler ({@link VirtualThreadCarriers}).
 *
 * <p>The JDK has no public way to choose a virtual thread's carriers; its builder that takes a
 * scheduler is reached by reflection, which needs {@code java.base/java.lang} open to this
 * class's module. Before Java 24 a virtual thread blocking inside {@code synchronized} kept its
 * carrier, which would stall the event loop (and deadlock it when the wait is for that loop's
 * I/O), so event-loop carriers need Java 24 or later. They are used only where
 * {@link CarrierThread} works too (a request thread then hands work to its own loop without
 * waking it), so the start-up log line saying the loops carry the requests says that both of
 * these JDK internals are in use.
 */
final class RequestThreads implements AutoCloseable {

    private static final String KEY = VirtualThreadCarriers.KEY;
    private static final String NAME = "harrier-request";
    private static final ThreadFactory JDK_CARRIED = Thread.ofVirtual().name(NAME).factory();
    private static final int FIRST_JAVA_WITHOUT_MONITOR_PINNING = 24;

    /** The JDK's builder of virtual threads with a given scheduler; {@code null} for the JDK's carriers. */
    private final Constructor<?> loopCarriedBuilder;
    /** Why the event loops cannot carry the request threads; {@code null} when they can or were not asked to. */
    private final String unavailable;
    private final Map<EventLoop, ThreadFactory> byLoop = new ConcurrentHashMap<>();
    /** Schedules request threads on the event loops and watches them; {@code null} for the JDK's carriers. */
    private final EventLoopCarriers loopCarriers;

    private RequestThreads(Constructor<?> loopCarriedBuilder, String unavailable) {
        this.loopCarriedBuilder = loopCarriedBuilder;
        this.unavailable = unavailable;
        this.loopCarriers = loopCarriedBuilder == null ? null : new EventLoopCarriers(NAME + "-loop-watch");
    }

    /** Resolves the configured carriers against what this JVM allows; explains a refusal. */
    static RequestThreads create(VirtualThreadCarriers carriers) {
        if (carriers == VirtualThreadCarriers.JDK) {
            return new RequestThreads(null, null);
        }
        int java = Runtime.version().feature();
        if (java < FIRST_JAVA_WITHOUT_MONITOR_PINNING) {
            return refused(carriers, "this is Java " + java + ", where a virtual thread waiting inside"
                    + " synchronized code holds its carrier (run on Java " + FIRST_JAVA_WITHOUT_MONITOR_PINNING
                    + " or later)");
        }
        try {
            Constructor<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                    .getDeclaredConstructor(Executor.class);
            builder.setAccessible(true);
            if (!CarrierThread.isCallable()) {
                return refused(carriers, "Thread.currentCarrierThread() cannot be called");
            }
            return new RequestThreads(builder, null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Module module = RequestThreads.class.getModule();
            return refused(carriers, "java.base/java.lang is not open to Harrier (" + e.getClass().getSimpleName()
                    + "); start the JVM with --add-opens java.base/java.lang="
                    + (module.isNamed() ? module.getName() : "ALL-UNNAMED")
                    + ", or give an executable jar the manifest attribute 'Add-Opens: java.base/java.lang'");
        }
    }

    private static RequestThreads refused(VirtualThreadCarriers carriers, String reason) {
        if (carriers == VirtualThreadCarriers.EVENT_LOOP) {
            throw new ConfigurationException(KEY + "=EventLoop cannot be used: " + reason
                    + "; or set " + KEY + "=Auto or Jdk");
        }
        return new RequestThreads(null, reason);
    }

    /** What carries the request threads, for the start-up log. */
    String describe() {
        return loopCarriedBuilder != null ? "carried by the event loops"
                : unavailable == null ? "carried by the JDK's scheduler"
                : "carried by the JDK's scheduler, not by the event loops: " + unavailable;
    }

    /** The factory of request threads for connections of this event loop. */
    ThreadFactory forLoop(EventLoop loop) {
        return loopCarriedBuilder == null ? JDK_CARRIED : byLoop.computeIfAbsent(loop, this::loopCarried);
    }

    @Override
    public void close() {
        if (loopCarriers != null) {
            loopCarriers.close();
        }
    }

    private ThreadFactory loopCarried(EventLoop loop) {
        try {
            Thread.Builder.OfVirtual builder = (Thread.Builder.OfVirtual) loopCarriedBuilder.newInstance(
                    loopCarriers.schedulerFor(loop));
            return builder.name(NAME).factory();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make virtual threads carried by " + loop, e);
        }
    }
}
