package io.mybouncer.protocol.embedded;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Base64;

/**
 * A throwaway certificate authority and a server certificate it signed, written as PEM files the
 * way a MySQL server takes them ({@code ssl_ca}, {@code ssl_cert}, {@code ssl_key}).
 *
 * <p>Built with JDK code only (ECDSA P-256 with SHA-256), so starting a private server needs no
 * {@code openssl} binary. The server certificate names {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, so clients may verify the host name as well as the chain. Certificates are valid from
 * a day ago (clock skew) for a year.
 *
 * @param caCert the CA certificate: what a client trusts ({@code sslMode=verify-ca}, {@code --ssl-ca})
 * @param serverCert the server certificate, signed by the CA
 * @param serverKey the server's private key, PKCS#8, readable by the owner only where POSIX allows
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1">RFC 5280 §4.1 Basic certificate fields</a>
 */
public record TlsFiles(Path caCert, Path serverCert, Path serverKey) {
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    // KeyUsage bits, bit 0 being the most significant (RFC 5280 §4.2.1.3).
    private static final int DIGITAL_SIGNATURE = 0x80;
    private static final int KEY_CERT_SIGN = 0x04;
    private static final int CRL_SIGN = 0x02;

    /** Generates a fresh CA and server certificate into {@code directory}, which must exist. */
    public static TlsFiles generate(Path directory) throws IOException {
        SecureRandom random = new SecureRandom();
        KeyPair ca = newKeyPair(random);
        KeyPair server = newKeyPair(random);
        byte[] caName = name("mybouncer throwaway CA");
        byte[] caCert = certificate(random, caName, caName, ca, ca.getPrivate(), caExtensions(keyId(ca)));
        byte[] serverCert = certificate(random, caName, name("localhost"), server, ca.getPrivate(),
                serverExtensions(keyId(server), keyId(ca)));

        TlsFiles files = new TlsFiles(directory.resolve("ca.pem"), directory.resolve("server-cert.pem"),
                directory.resolve("server-key.pem"));
        Files.writeString(files.caCert, pem("CERTIFICATE", caCert), StandardCharsets.US_ASCII);
        Files.writeString(files.serverCert, pem("CERTIFICATE", serverCert), StandardCharsets.US_ASCII);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(files.serverKey,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(files.serverKey, pem("PRIVATE KEY", server.getPrivate().getEncoded()),
                StandardCharsets.US_ASCII);
        return files;
    }

    /**
     * An EC P-256 key pair. RSA 2048 would serve as well, but its prime search takes seconds in a
     * JVM that has just started on a busy machine, and starting a test server must take less.
     */
    private static KeyPair newKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides EC key generation on secp256r1", e);
        }
    }

    /** A signed X.509 v3 certificate, DER. {@code subject} holds the public key being certified. */
    private static byte[] certificate(SecureRandom random, byte[] issuer, byte[] subject, KeyPair subjectKeys,
            PrivateKey signingKey, byte[] extensions) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        // RFC 5758 §3.2: ECDSA algorithm identifiers have no parameters, not even NULL.
        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)), // version: v3 is encoded as 2
                Der.integer(new BigInteger(63, random)), // serial: positive, unique per run
                algorithm,
                issuer,
                Der.sequence(Der.time(now.minusDays(1)), Der.time(now.plusYears(1))),
                subject,
                subjectKeys.getPublic().getEncoded(), // already a DER SubjectPublicKeyInfo
                Der.explicit(3, extensions));
        return Der.sequence(tbs, algorithm, Der.bitString(sign(tbs, signingKey)));
    }

    private static byte[] sign(byte[] tbs, PrivateKey key) {
        try {
            // The JDK returns the DER Ecdsa-Sig-Value that X.509 carries in the signature BIT STRING.
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key);
            signature.update(tbs);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides SHA256withECDSA", e);
        }
    }

    /** A distinguished name with a single common name. */
    private static byte[] name(String commonName) {
        return Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String(commonName))));
    }

    /**
     * A key identifier: the leftmost 160 bits of the SHA-256 of the SubjectPublicKeyInfo (RFC 7093
     * §2 method 4). Strict verifiers (OpenSSL's {@code -x509_strict}, Python 3.13's default context)
     * insist on the subject and authority key identifier extensions.
     */
    private static byte[] keyId(KeyPair keys) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded());
            return Arrays.copyOf(digest, 20);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    private static byte[] caExtensions(byte[] keyId) {
        return Der.sequence(
                extension(BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true))), // cA: TRUE
                extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN | CRL_SIGN)),
                extension(SUBJECT_KEY_ID, false, Der.octetString(keyId)));
    }

    private static byte[] serverExtensions(byte[] keyId, byte[] caKeyId) {
        byte[] altNames = Der.sequence(
                Der.implicit(2, "localhost".getBytes(StandardCharsets.US_ASCII)), // dNSName
                Der.implicit(7, new byte[] {127, 0, 0, 1}), // iPAddress 127.0.0.1
                Der.implicit(7, ipv6Loopback()));
        return Der.sequence(
                extension(BASIC_CONSTRAINTS, true, Der.sequence()), // cA defaults to FALSE
                // An ECDSA key only signs the handshake; key transport (keyEncipherment) is RSA's.
                extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE)),
                extension(EXT_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                extension(SUBJECT_ALT_NAME, false, altNames),
                extension(SUBJECT_KEY_ID, false, Der.octetString(keyId)),
                // AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING, ... }
                extension(AUTHORITY_KEY_ID, false, Der.sequence(Der.implicit(0, caKeyId))));
    }

    private static byte[] ipv6Loopback() {
        byte[] address = new byte[16];
        address[15] = 1;
        return address;
    }

    /** Extension: the value travels DER-encoded inside an OCTET STRING; critical is omitted when false. */
    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
                ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
                : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
