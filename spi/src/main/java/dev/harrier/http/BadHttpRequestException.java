package dev.harrier.http;

/**
 * A request the server refuses, with the status to answer. Thrown by the server (for example
 * 413 when the body exceeds the limit) and may be thrown by middleware; the pipeline answers
 * it with its status instead of 500.
 */
public class BadHttpRequestException extends RuntimeException {

    private final int status;

    public BadHttpRequestException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
        }
        this.status = status;
    }

    public int status() {
        return status;
    }
}
