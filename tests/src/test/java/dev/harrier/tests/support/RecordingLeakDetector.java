package dev.harrier.tests.support;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;

/**
 * Netty's leak detector, recording every leak it reports so that {@link LeakCheck} can fail
 * the test that caused it instead of leaving a log line nobody reads. Chosen with
 * {@code -Dio.netty.customResourceLeakDetector} (see the module's POM) because Netty creates
 * its detectors when its buffer classes load.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    /** A leak report: the resource type and Netty's access records (empty when untraced). */
    public record Leak(String resourceType, String records) {
        @Override
        public String toString() {
            return "LEAK of " + resourceType + (records.isEmpty() ? " (no access records)" : ":" + records);
        }
    }

    private static final List<Leak> LEAKS = new ArrayList<>();

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** Whether Netty was started with this detector (the system property was honoured). */
    public static boolean installed() {
        return RecordingLeakDetector.class.getName().equals(System.getProperty("io.netty.customResourceLeakDetector"));
    }

    /** Returns and forgets the leaks recorded so far. */
    public static List<Leak> drain() {
        synchronized (LEAKS) {
            List<Leak> leaks = List.copyOf(LEAKS);
            LEAKS.clear();
            return leaks;
        }
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record(new Leak(resourceType, records));
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record(new Leak(resourceType, ""));
        super.reportUntracedLeak(resourceType);
    }

    private static void record(Leak leak) {
        synchronized (LEAKS) {
            LEAKS.add(leak);
        }
    }
}
