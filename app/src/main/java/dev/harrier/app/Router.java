package dev.harrier.app;

import dev.harrier.http.HttpContext;
import dev.harrier.http.RequestHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps method and path templates to handlers: {@code /products/{id}} binds {@code id},
 * {@code /files/{*path}} binds the rest of the path. Literal segments win over variables.
 * A path that matches with another method answers 405 with {@code Allow}; no match, 404.
 * {@code GET} routes also answer {@code HEAD}.
 */
public final class Router implements RequestHandler {

    /** Methods per literal path: looked up without splitting the path. */
    private final Map<String, Map<String, RequestHandler>> literal = new HashMap<>();
    private final List<Route> templated = new ArrayList<>();

    private record Route(String template, String[] segments, int literals, Map<String, RequestHandler> methods) {
    }

    /**
     * Adds a route.
     *
     * @throws IllegalArgumentException for a malformed template or a route already mapped
     */
    public Router map(String method, String template, RequestHandler handler) {
        String verb = method.toUpperCase(Locale.ROOT);
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("A route template must start with '/': " + template);
        }
        String[] segments = template.substring(1).split("/", -1);
        int literalCount = 0;
        boolean variables = false;
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            if (s.startsWith("{") && s.endsWith("}")) {
                variables = true;
                if (s.startsWith("{*") && i != segments.length - 1) {
                    throw new IllegalArgumentException("A catch-all {*...} must be the last segment: " + template);
                }
            } else if (s.contains("{") || s.contains("}")) {
                throw new IllegalArgumentException("A template variable must fill a whole segment: " + template);
            } else {
                literalCount++;
            }
        }
        int literals = literalCount;
        Map<String, RequestHandler> methods;
        if (!variables) {
            methods = literal.computeIfAbsent(template, k -> new HashMap<>(4));
        } else {
            methods = templated.stream().filter(r -> r.template.equals(template)).findFirst()
                    .map(Route::methods).orElseGet(() -> {
                        Route route = new Route(template, segments, literals, new HashMap<>(4));
                        templated.add(route);
                        templated.sort(Comparator.comparingInt((Route r) -> -r.literals));
                        return route.methods;
                    });
        }
        if (methods.putIfAbsent(verb, handler) != null) {
            throw new IllegalArgumentException("Route already mapped: " + verb + " " + template);
        }
        return this;
    }

    @Override
    public void handle(HttpContext ctx) throws Exception {
        String path = ctx.request().path();
        String method = ctx.request().method();
        Map<String, RequestHandler> methods = literal.get(path);
        if (methods != null) {
            RequestHandler handler = pick(methods, method);
            if (handler != null) {
                handler.handle(ctx);
                return;
            }
        }
        Map<String, RequestHandler> allowed = methods;
        if (!templated.isEmpty()) {
            String[] parts = path.length() > 1 ? path.substring(1).split("/", -1) : new String[] {""};
            for (Route route : templated) {
                Map<String, String> bound = match(route.segments, parts);
                if (bound == null) {
                    continue;
                }
                RequestHandler handler = pick(route.methods, method);
                if (handler != null) {
                    ctx.request().pathParameters().putAll(bound);
                    handler.handle(ctx);
                    return;
                }
                if (allowed == null) {
                    allowed = new TreeMap<>();
                } else if (allowed == methods) {
                    allowed = new TreeMap<>(methods);
                }
                allowed.putAll(route.methods);
            }
        }
        if (allowed != null) {
            ctx.response().status(405);
            ctx.response().headers().set("allow", allow(allowed));
            ctx.response().send(new byte[0]);
            return;
        }
        ctx.response().status(404);
        ctx.response().send(new byte[0]);
    }

    private static RequestHandler pick(Map<String, RequestHandler> methods, String method) {
        RequestHandler handler = methods.get(method);
        if (handler == null && method.equals("HEAD")) {
            handler = methods.get("GET");
        }
        return handler;
    }

    private static String allow(Map<String, RequestHandler> methods) {
        List<String> verbs = new ArrayList<>(methods.keySet());
        if (verbs.contains("GET") && !verbs.contains("HEAD")) {
            verbs.add("HEAD");
        }
        verbs.sort(null);
        return String.join(", ", verbs);
    }

    private static Map<String, String> match(String[] template, String[] parts) {
        Map<String, String> bound = null;
        for (int i = 0; i < template.length; i++) {
            String segment = template[i];
            if (segment.startsWith("{*")) {
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < parts.length; j++) {
                    if (j > i) {
                        rest.append('/');
                    }
                    rest.append(parts[j]);
                }
                bound = bind(bound, segment.substring(2, segment.length() - 1), rest.toString());
                return bound;
            }
            if (i >= parts.length) {
                return null;
            }
            if (segment.startsWith("{")) {
                if (parts[i].isEmpty()) {
                    return null;
                }
                bound = bind(bound, segment.substring(1, segment.length() - 1), parts[i]);
            } else if (!segment.equals(parts[i])) {
                return null;
            }
        }
        if (parts.length != template.length) {
            return null;
        }
        return bound == null ? Map.of() : bound;
    }

    private static Map<String, String> bind(Map<String, String> bound, String name, String value) {
        Map<String, String> map = bound == null ? new HashMap<>(4) : bound;
        map.put(name, value);
        return map;
    }
}
