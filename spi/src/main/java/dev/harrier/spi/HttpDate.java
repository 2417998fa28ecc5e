package dev.harrier.spi;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The value of the {@code Date} response header, formatted at most once per second. */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static volatile Cached cached = new Cached(-1, AsciiString.EMPTY_STRING);

    private record Cached(long second, AsciiString value) {
    }

    private HttpDate() {
    }

    /** The current time as an IMF-fixdate, for example {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static AsciiString now() {
        long millis = System.currentTimeMillis();
        long second = millis / 1000;
        Cached current = cached;
        if (current.second == second) {
            return current.value;
        }
        AsciiString value = AsciiString.cached(IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
        cached = new Cached(second, value);
        return value;
    }
}
