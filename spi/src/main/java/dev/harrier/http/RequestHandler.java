package dev.harrier.http;

/** Handles a request: the end of a pipeline, or the rest of it as seen from a middleware. */
@FunctionalInterface
public interface RequestHandler {
    void handle(HttpContext ctx) throws Exception;
}
