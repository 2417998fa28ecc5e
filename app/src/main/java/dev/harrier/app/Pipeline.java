package dev.harrier.app;

import dev.harrier.http.Middleware;
import dev.harrier.http.RequestHandler;
import java.util.List;

/** Composes middleware into one handler, once, at start-up: nothing is allocated per request. */
final class Pipeline {

    private Pipeline() {
    }

    static RequestHandler compose(List<Middleware> middleware, RequestHandler terminal) {
        RequestHandler next = terminal;
        for (int i = middleware.size() - 1; i >= 0; i--) {
            Middleware step = middleware.get(i);
            RequestHandler rest = next;
            next = ctx -> step.invoke(ctx, rest);
        }
        return next;
    }
}
