package dev.harrier.http;

/**
 * One step of the request pipeline. It may act before and after the rest of the pipeline,
 * which it runs by calling {@code next.handle(ctx)}, or answer the request itself by not
 * calling it.
 */
@FunctionalInterface
public interface Middleware {
    void invoke(HttpContext ctx, RequestHandler next) throws Exception;
}
