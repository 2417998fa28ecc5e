package dev.harrier.tls.certificates;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Makes X.509 certificates with the JDK alone (a key pair generator, a signature and a small
 * DER writer): self-signed ones, certificate authorities and certificates they issue. The
 * development certificate of {@code harrier dev-certs} is made here, and so are the
 * certificates of Harrier's TLS tests.
 *
 * <pre>{@code
 * IssuedCertificate ca = CertificateBuilder.forSubject("Example CA").certificateAuthority().selfSigned();
 * IssuedCertificate server = CertificateBuilder.forSubject("localhost")
 *         .dnsNames("localhost").ipAddresses("127.0.0.1", "::1").serverAuth().issuedBy(ca);
 * server.writePem(Path.of("server.pem"), Path.of("server.key"));
 * }</pre>
 */
public final class CertificateBuilder {

    /** The key types certificates are made with. */
    public enum KeyAlgorithm {
        /** ECDSA on the NIST P-256 curve, signed with SHA-256: small and fast. */
        EC_P256("EC", "SHA256withECDSA", Der.sequence(Der.oid("1.2.840.10045.4.3.2"))),
        /** RSA with a 2048-bit modulus, signed with SHA-256 (PKCS #1 v1.5). */
        RSA_2048("RSA", "SHA256withRSA", Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue()));

        private final String keyType;
        private final String signatureName;
        private final byte[] signatureAlgorithm;

        KeyAlgorithm(String keyType, String signatureName, byte[] signatureAlgorithm) {
            this.keyType = keyType;
            this.signatureName = signatureName;
            this.signatureAlgorithm = signatureAlgorithm;
        }

        KeyPair generate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == EC_P256) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        }

        static KeyAlgorithm of(PublicKey key) {
            return key.getAlgorithm().equals("RSA") ? RSA_2048 : EC_P256;
        }
    }

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String commonName;
    private String organization;
    private final List<String> dnsNames = new ArrayList<>();
    private final List<InetAddress> ipAddresses = new ArrayList<>();
    private final Set<String> extendedKeyUsages = new LinkedHashSet<>();
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(365));
    private boolean certificateAuthority;
    private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;

    private CertificateBuilder(String commonName) {
        this.commonName = Objects.requireNonNull(commonName, "commonName");
    }

    /** A certificate whose subject is {@code CN=commonName}, valid from an hour ago for a year. */
    public static CertificateBuilder forSubject(String commonName) {
        return new CertificateBuilder(commonName);
    }

    /** Adds {@code O=organization} to the subject. */
    public CertificateBuilder organization(String value) {
        organization = Objects.requireNonNull(value, "organization");
        return this;
    }

    /** Host names in the subject alternative names, for example {@code localhost} or {@code *.example.com}. */
    public CertificateBuilder dnsNames(String... names) {
        dnsNames.addAll(List.of(names));
        return this;
    }

    /** IP address literals in the subject alternative names, for example {@code 127.0.0.1} or {@code ::1}. */
    public CertificateBuilder ipAddresses(String... literals) {
        for (String literal : literals) {
            if (!literal.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("Not an IP address literal: " + literal);
            }
            try {
                ipAddresses.add(InetAddress.getByName(literal));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("Not an IP address literal: " + literal, e);
            }
        }
        return this;
    }

    /** The validity period. */
    public CertificateBuilder validity(Instant from, Instant until) {
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("A certificate must end after it begins: " + from + " .. " + until);
        }
        notBefore = from;
        notAfter = until;
        return this;
    }

    /** Makes the certificate a certificate authority that may issue others. */
    public CertificateBuilder certificateAuthority() {
        certificateAuthority = true;
        return this;
    }

    /** Allows the certificate to identify a TLS server. */
    public CertificateBuilder serverAuth() {
        extendedKeyUsages.add(SERVER_AUTH);
        return this;
    }

    /** Allows the certificate to identify a TLS client. */
    public CertificateBuilder clientAuth() {
        extendedKeyUsages.add(CLIENT_AUTH);
        return this;
    }

    /** The type of the new key; {@link KeyAlgorithm#EC_P256} unless set. */
    public CertificateBuilder keyAlgorithm(KeyAlgorithm value) {
        keyAlgorithm = Objects.requireNonNull(value, "keyAlgorithm");
        return this;
    }

    /** A new key pair and a certificate signed with its own key. */
    public IssuedCertificate selfSigned() {
        try {
            KeyPair keys = keyAlgorithm.generate();
            return new IssuedCertificate(signed(keys.getPublic(), name(), keys.getPublic(), keys.getPrivate()),
                    keys.getPrivate(), List.of());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make a certificate for CN=" + commonName + ": " + e, e);
        }
    }

    /** A new key pair and a certificate signed by {@code issuer}, which must be a certificate authority. */
    public IssuedCertificate issuedBy(IssuedCertificate issuer) {
        if (issuer.certificate().getBasicConstraints() < 0) {
            throw new IllegalArgumentException(issuer.certificate().getSubjectX500Principal()
                    + " is not a certificate authority");
        }
        try {
            KeyPair keys = keyAlgorithm.generate();
            List<X509Certificate> issuers = new ArrayList<>();
            issuers.add(issuer.certificate());
            issuers.addAll(issuer.issuers());
            return new IssuedCertificate(signed(keys.getPublic(), issuer.certificate().getSubjectX500Principal().getEncoded(),
                    issuer.certificate().getPublicKey(), issuer.privateKey()), keys.getPrivate(), issuers);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot make a certificate for CN=" + commonName + ": " + e, e);
        }
    }

    private X509Certificate signed(PublicKey subjectKey, byte[] issuerName, PublicKey issuerKey,
            PrivateKey signingKey) throws GeneralSecurityException {
        KeyAlgorithm signer = KeyAlgorithm.of(issuerKey);
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        serial[0] &= 0x7F;
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(2)),
                Der.integer(new BigInteger(1, serial)),
                signer.signatureAlgorithm,
                issuerName,
                Der.sequence(Der.time(notBefore.atZone(ZoneOffset.UTC)), Der.time(notAfter.atZone(ZoneOffset.UTC))),
                name(),
                subjectKey.getEncoded(),
                Der.explicit(3, extensions(subjectKey, issuerKey)));
        Signature signature = Signature.getInstance(signer.signatureName);
        signature.initSign(signingKey);
        signature.update(tbs);
        byte[] certificate = Der.sequence(tbs, signer.signatureAlgorithm, Der.bitString(signature.sign()));
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
    }

    private byte[] name() {
        List<byte[]> parts = new ArrayList<>();
        if (organization != null) {
            parts.add(Der.set(Der.sequence(Der.oid("2.5.4.10"), Der.utf8(organization))));
        }
        parts.add(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8(commonName))));
        return Der.sequence(parts.toArray(byte[][]::new));
    }

    private byte[] extensions(PublicKey subjectKey, PublicKey issuerKey) throws GeneralSecurityException {
        List<byte[]> extensions = new ArrayList<>();
        extensions.add(extension("2.5.29.19", true,
                certificateAuthority ? Der.sequence(Der.bool(true)) : Der.sequence()));
        extensions.add(extension("2.5.29.15", true, certificateAuthority
                ? Der.namedBits(0, 5, 6) // digitalSignature, keyCertSign, cRLSign
                : keyAlgorithm == KeyAlgorithm.RSA_2048 ? Der.namedBits(0, 2) : Der.namedBits(0)));
        if (!extendedKeyUsages.isEmpty()) {
            extensions.add(extension("2.5.29.37", false,
                    Der.sequence(extendedKeyUsages.stream().map(Der::oid).toArray(byte[][]::new))));
        }
        if (!dnsNames.isEmpty() || !ipAddresses.isEmpty()) {
            List<byte[]> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(Der.implicit(2, n.getBytes(StandardCharsets.US_ASCII))));
            ipAddresses.forEach(a -> names.add(Der.implicit(7, a.getAddress())));
            extensions.add(extension("2.5.29.17", false, Der.sequence(names.toArray(byte[][]::new))));
        }
        extensions.add(extension("2.5.29.14", false, Der.octetString(keyId(subjectKey))));
        extensions.add(extension("2.5.29.35", false, Der.sequence(Der.implicit(0, keyId(issuerKey)))));
        return Der.sequence(extensions.toArray(byte[][]::new));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** A key identifier: the SHA-1 hash of the encoded public key (RFC 5280 allows any unique value). */
    private static byte[] keyId(PublicKey key) throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-1").digest(key.getEncoded());
    }
}
