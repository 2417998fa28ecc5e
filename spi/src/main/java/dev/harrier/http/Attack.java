package dev.harrier.http;

/**
 * A denial-of-service pattern the server recognises on a connection and stops by ending that
 * connection, while it keeps serving the others. Each one stopped is logged (at most one line
 * per kind every 10 s) and counted per kind; the limits behind them are fixed and
 * documented in the README ("HTTP/2 hardening").
 */
public enum Attack {

    /** The client opens streams and cancels them faster than allowed (CVE-2023-44487, "rapid reset"). */
    RAPID_RESET("rapid reset: the client cancels streams faster than allowed"),

    /**
     * The client makes the server reset streams faster than allowed, with frames that are
     * errors on a stream (CVE-2025-8671, "MadeYouReset"); refused oversized header lists (an
     * HPACK bomb) count here too.
     */
    PROVOKED_RESETS("made-you-reset: the client makes the server reset streams faster than allowed"),

    /** A header block sent in too many small CONTINUATION frames, or larger than allowed (CVE-2024-27316). */
    CONTINUATION_FLOOD("CONTINUATION flood: a header block in too many frames or too large"),

    /**
     * SETTINGS or PING frames in bulk, or frames that need an answer (SETTINGS, PING) or a reset
     * while the client does not read the answers, so they queue up (CVE-2019-9512,
     * CVE-2019-9515).
     */
    CONTROL_FRAME_FLOOD("control frame flood: SETTINGS or PING in bulk, or answers queued up unread"),

    /** DATA frames without data and without the end of the stream (CVE-2019-9518). */
    EMPTY_FRAME_FLOOD("empty frame flood: DATA frames that carry nothing"),

    /** More PRIORITY frames than allowed (CVE-2019-9513). */
    PRIORITY_FLOOD("PRIORITY flood: more PRIORITY frames than allowed"),

    /** More frames of unknown types (which a server ignores) than allowed. */
    UNKNOWN_FRAME_FLOOD("unknown frame flood: more frames of unknown types than allowed"),

    /**
     * Every response waiting on the connection is held back, below the minimum response data
     * rate, by flow-control windows the client keeps closed (CVE-2019-9517, "zero window").
     */
    ZERO_WINDOW("zero window: the client holds back every response with closed flow-control windows");

    private final String description;

    Attack(String description) {
        this.description = description;
    }

    /** What the client did, in a few words, as the server logs it. */
    public String description() {
        return description;
    }
}
