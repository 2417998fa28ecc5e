package dev.harrier.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the server logs while open, for tests that assert a line was logged: the test
 * class path logs with slf4j-simple to {@code System.err}, which it looks up at every line, so
 * the capture replaces {@code System.err} with a stream that also keeps a copy. Tests run one at
 * a time, so one capture at a time sees only its own test's lines.
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

    private LogCapture() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (copy) {
                    copy.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (copy) {
                    copy.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** What was logged since the capture started. */
    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    /** Stops capturing: {@code System.err} is the original stream again. */
    @Override
    public void close() {
        System.setErr(original);
    }
}
