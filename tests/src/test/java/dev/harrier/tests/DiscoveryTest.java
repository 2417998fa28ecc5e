package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.spi.TransportProvider;
import dev.harrier.tests.support.Combination;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The suite tests what is on the class path, and refuses to pass by testing nothing. */
class DiscoveryTest {

    @Test
    void everyDiscoveredTransportIsAvailable() {
        List<TransportProvider> transports = Combination.discoveredTransports();
        assertFalse(transports.isEmpty(), "no transport on the class path");
        String unavailable = transports.stream().filter(t -> !t.availability().available())
                .map(t -> t.name() + ": " + t.availability().describe()).collect(Collectors.joining("; "));
        assertTrue(unavailable.isEmpty(), "Discovered but unavailable here (the suite must not skip them): "
                + unavailable);
    }

    @Test
    void everyTransportIsCombinedWithEverySchedulingMode() {
        List<Combination> all = Combination.all();
        for (TransportProvider transport : Combination.discoveredTransports()) {
            for (dev.harrier.kernel.Scheduling scheduling : dev.harrier.kernel.Scheduling.values()) {
                assertTrue(all.contains(new Combination(transport.name(), scheduling)), transport.name() + scheduling);
            }
        }
        assertTrue(all.stream().anyMatch(c -> c.transport().equals("nio")), "the portable transport is always tested");
    }
}
