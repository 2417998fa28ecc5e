/**
 * The application-facing contract of Harrier: one {@link dev.harrier.http.HttpContext} per
 * request, the same shape for every HTTP version and transport, flowing through a chain of
 * {@link dev.harrier.http.Middleware}.
 *
 * <p>Nothing in this package exposes a Netty type, so applications never import Netty.
 */
package dev.harrier.http;
