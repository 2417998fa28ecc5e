package dev.harrier.http;

/** The limits that only HTTP/3 connections have ({@code harrier.http3.*}), with Kestrel's names and defaults. */
public final class Http3Limits {

    private static final String PREFIX = "harrier.http3.";

    private int maxRequestHeaderFieldSize = 16 * 1024;
    private int qpackMaxTableCapacity = 0;
    private int qpackBlockedStreams = 0;

    /** Bytes of one request header field's name or value at most (431 beyond); default 16 KiB. */
    public int maxRequestHeaderFieldSize() {
        return maxRequestHeaderFieldSize;
    }

    public Http3Limits maxRequestHeaderFieldSize(int value) {
        maxRequestHeaderFieldSize = atLeast("maxRequestHeaderFieldSize", value, 1);
        return this;
    }

    /**
     * Bytes of the QPACK dynamic table the client's header compression may use; default 0 (none,
     * as in Kestrel: every field is sent literally or from the static table), at most 64 KiB.
     */
    public int qpackMaxTableCapacity() {
        return qpackMaxTableCapacity;
    }

    public Http3Limits qpackMaxTableCapacity(int value) {
        if (value > 64 * 1024) {
            throw new IllegalArgumentException(PREFIX + "qpackMaxTableCapacity must be at most 65536, was " + value);
        }
        qpackMaxTableCapacity = atLeast("qpackMaxTableCapacity", value, 0);
        return this;
    }

    /** Request streams that may wait for the QPACK table at once; default 0, at most 100. */
    public int qpackBlockedStreams() {
        return qpackBlockedStreams;
    }

    public Http3Limits qpackBlockedStreams(int value) {
        if (value > 100) {
            throw new IllegalArgumentException(PREFIX + "qpackBlockedStreams must be at most 100, was " + value);
        }
        qpackBlockedStreams = atLeast("qpackBlockedStreams", value, 0);
        return this;
    }

    private static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + min + ", was " + value);
        }
        return value;
    }
}
