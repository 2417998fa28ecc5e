package dev.harrier.tests.support;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test when Netty's leak detector reports a buffer that was never released.
 * Registered for every test class through {@code META-INF/services} (auto-detection is on in
 * {@code junit-platform.properties}).
 *
 * <p>Netty notices a leak only when the garbage collector has cleared the buffer and a later
 * allocation polls the detector, so after each test this collects garbage and allocates a few
 * tracked buffers. Each test stops its server before it ends, so whatever the server leaked is
 * unreachable by then.
 */
public final class LeakCheck implements BeforeAllCallback, AfterEachCallback {

    private static final int ROUNDS = 3;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!RecordingLeakDetector.installed()) {
            throw new IllegalStateException("Netty's leak detector is not recorded: run the tests with "
                    + "-Dio.netty.customResourceLeakDetector=" + RecordingLeakDetector.class.getName()
                    + " (the module's surefire argLine does)");
        }
        List<RecordingLeakDetector.Leak> earlier = RecordingLeakDetector.drain();
        if (!earlier.isEmpty()) {
            throw new AssertionError(describe("before " + context.getDisplayName(), earlier));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<RecordingLeakDetector.Leak> leaks = collect();
        if (!leaks.isEmpty()) {
            throw new AssertionError(describe("in " + context.getUniqueId(), leaks));
        }
    }

    /** Runs the garbage collector and Netty's detection; returns and forgets what was found. */
    public static List<RecordingLeakDetector.Leak> collect() {
        List<RecordingLeakDetector.Leak> leaks = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            // Every tracked allocation makes the detector poll its queue of collected buffers.
            for (ByteBufAllocator allocator : List.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT,
                    UnpooledByteBufAllocator.DEFAULT)) {
                allocator.directBuffer(1).release();
                allocator.heapBuffer(1).release();
            }
            leaks.addAll(RecordingLeakDetector.drain());
        }
        return leaks;
    }

    private static String describe(String where, List<RecordingLeakDetector.Leak> leaks) {
        return leaks.size() + " Netty buffer leak(s) detected " + where + ":\n"
                + leaks.stream().map(Object::toString).collect(Collectors.joining("\n"));
    }
}
