package dev.harrier.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harrier.kernel.Scheduling;
import dev.harrier.spi.TransportProvider;
import dev.harrier.tests.support.Combination;
import dev.harrier.tests.support.WireProtocol;
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
    void everyTransportIsCombinedWithEverySchedulingModeAndHttp2OnEverySocketTransport() {
        List<Combination> all = Combination.all();
        for (TransportProvider transport : Combination.socketTransports()) {
            for (Scheduling scheduling : Scheduling.values()) {
                assertTrue(all.contains(new Combination(transport.name(), scheduling, WireProtocol.HTTP1)),
                        transport.name() + scheduling);
            }
            if (!transport.name().equals(Combination.MEMORY)) {
                assertTrue(all.contains(new Combination(transport.name(), Scheduling.VIRTUAL_THREADS, WireProtocol.H2C)),
                        transport.name() + " over h2c");
            }
        }
        assertTrue(all.contains(new Combination("nio", Scheduling.INLINE, WireProtocol.H2C)), "h2c inline");
        assertTrue(all.stream().anyMatch(c -> c.transport().equals("nio")), "the portable transport is always tested");
    }
}
