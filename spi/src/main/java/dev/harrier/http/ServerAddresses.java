package dev.harrier.http;

import java.util.List;

/**
 * The addresses the server actually listens on, as URLs with the real port: a port-0
 * endpoint shows the port the operating system chose.
 */
public interface ServerAddresses {

    /** For example {@code http://127.0.0.1:41234}; one entry per bound socket. */
    List<String> urls();
}
