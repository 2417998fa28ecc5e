package dev.harrier.kernel;

import io.netty.util.concurrent.EventExecutor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * Tells whether the running virtual thread is carried by an event loop's thread at this moment.
 * The JDK answers that only inside {@code java.lang} ({@code Thread.currentCarrierThread()}),
 * which must be open to Harrier. Where it cannot be called the answer is always no, which is
 * right: event loops carry request threads only where it can be ({@link RequestThreads} asks
 * {@link #isCallable()}), so request threads are then carried by the JDK's scheduler.
 */
final class CarrierThread {

    private static final MethodHandle CURRENT = find();

    private CarrierThread() {
    }

    private static MethodHandle find() {
        try {
            Method current = Thread.class.getDeclaredMethod("currentCarrierThread");
            current.setAccessible(true);
            return MethodHandles.lookup().unreflect(current);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code Thread.currentCarrierThread()} can be called; where not, no loop carries request threads. */
    static boolean isCallable() {
        return CURRENT != null;
    }

    /** Whether the calling thread is a virtual thread that {@code loop}'s thread carries now. */
    static boolean isCarriedBy(EventExecutor loop) {
        if (CURRENT == null || !Thread.currentThread().isVirtual()) {
            return false;
        }
        try {
            return loop.inEventLoop((Thread) CURRENT.invokeExact());
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.currentCarrierThread() failed", e);
        }
    }
}
