/**
 * X.509 certificates with the JDK alone: {@link dev.harrier.tls.certificates.CertificateBuilder}
 * makes self-signed certificates, certificate authorities and the certificates they issue;
 * {@link dev.harrier.tls.certificates.PemFiles} reads PEM certificates and keys;
 * {@link dev.harrier.tls.certificates.DevelopmentCertificate} keeps the {@code localhost}
 * certificate of {@code harrier dev-certs}.
 */
package dev.harrier.tls.certificates;
