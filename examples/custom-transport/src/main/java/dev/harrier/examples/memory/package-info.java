/**
 * An example transport for extension authors: connections are Netty in-memory channels
 * inside the JVM, so no socket is ever opened. It is written only against
 * {@code harrier-spi}; see the module's README for the steps.
 */
package dev.harrier.examples.memory;
