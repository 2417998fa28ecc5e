/**
 * The TLS layer of HTTPS endpoints: certificates from PKCS #12 and PEM files or the development
 * certificate, SNI, client certificates, certificate reload, and the handshake with its timeout
 * and counters. Found by the kernel as a {@link dev.harrier.spi.TlsLayerProvider}; the same
 * certificate selection serves a multiplexed transport's own TLS
 * ({@link dev.harrier.spi.EndpointTls#certificate(String)}).
 */
package dev.harrier.tls;
