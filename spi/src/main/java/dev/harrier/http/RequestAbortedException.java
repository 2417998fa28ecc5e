package dev.harrier.http;

import java.io.IOException;

/** A body read or write failed because the request was aborted (see {@link AbortSignal}). */
public class RequestAbortedException extends IOException {

    public RequestAbortedException(String message, Throwable cause) {
        super(message, cause);
    }
}
