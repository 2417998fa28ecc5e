/**
 * An example protocol for extension authors: {@code Echo}, a line protocol that sends every line
 * back. A client starts it with the line {@code ECHO}, by which it is recognised on a cleartext
 * port it shares with HTTP/1.1, or by the ALPN id {@code echo} on TLS. It is written only
 * against {@code harrier-spi}; see the module's README for the steps.
 */
package dev.harrier.examples.echo;
