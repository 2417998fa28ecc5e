package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.tests.support.LeakCheck;
import dev.harrier.tests.support.RecordingLeakDetector;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves that the leak check sees a leak, so a green run means no buffer leaked. */
class LeakCheckTest {

    @Test
    void leakedBufferIsDetected() {
        assertTrue(RecordingLeakDetector.installed());
        leak();
        List<RecordingLeakDetector.Leak> leaks = List.of();
        for (int i = 0; i < 20 && leaks.isEmpty(); i++) {
            leaks = LeakCheck.collect(); // found and forgotten, so this test itself passes
        }
        assertTrue(leaks.stream().anyMatch(l -> l.records().contains("LeakCheckTest.leak")),
                "the deliberate leak was not reported: " + leaks);
    }

    private static void leak() {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42);
        buffer.readLong(); // recorded access: the report shows where the buffer was used
    }
}
