package dev.harrier.spi;

import io.netty.util.AsciiString;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The value of the {@code Date} response header. A daemon thread formats it at the start of
 * every second, so responses read it without looking at the clock; the thread ends after
 * {@value #IDLE_SECONDS} seconds without a response and starts again with the next one.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final int IDLE_SECONDS = 10;
    private static final Object LOCK = new Object();

    /** The current value, or {@code null} while no thread keeps it current. */
    private static volatile AsciiString current;
    /** Whether a response has asked since the last tick. */
    private static volatile boolean used;

    private HttpDate() {
    }

    /** The current time as an IMF-fixdate, for example {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    public static AsciiString now() {
        AsciiString value = current;
        if (value == null) {
            value = startTicking();
        }
        if (!used) {
            used = true;
        }
        return value;
    }

    private static AsciiString startTicking() {
        synchronized (LOCK) {
            AsciiString value = current;
            if (value == null) {
                value = format(System.currentTimeMillis());
                current = value;
                Thread.ofPlatform().daemon().name("harrier-date").start(HttpDate::tick);
            }
            return value;
        }
    }

    private static void tick() {
        int idle = 0;
        try {
            for (;;) {
                Thread.sleep(1000 - System.currentTimeMillis() % 1000);
                synchronized (LOCK) {
                    if (used) {
                        used = false;
                        idle = 0;
                    } else if (++idle >= IDLE_SECONDS) {
                        current = null;
                        return;
                    }
                    current = format(System.currentTimeMillis());
                }
            }
        } catch (InterruptedException e) {
            synchronized (LOCK) {
                current = null;
            }
        }
    }

    private static AsciiString format(long millis) {
        return AsciiString.cached(IMF_FIXDATE.format(Instant.ofEpochMilli(millis)));
    }
}
