/** Built-in middleware: forwarded headers from trusted proxies, and host filtering. */
package dev.harrier.app.middleware;
