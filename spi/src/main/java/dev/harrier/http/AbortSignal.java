package dev.harrier.http;

/**
 * Tells the application that a request was aborted: the client disconnected or reset the
 * stream, a limit cut it off, or the server is shutting down past its deadline.
 */
public interface AbortSignal {

    boolean isAborted();

    /**
     * Runs the action once when the request is aborted (at once if it already is). It runs on
     * a server thread: keep it short and never block in it.
     */
    void onAbort(Runnable action);
}
