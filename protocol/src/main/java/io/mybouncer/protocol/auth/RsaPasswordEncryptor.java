package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.packet.ProtocolException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;

/**
 * The RSA path of caching_sha2_password (and sha256_password) full authentication, for a client
 * without TLS: the client XORs {@code password + NUL} with the scramble, repeated to the password's
 * length, and encrypts that with the server's public key, which it gets as PEM text in an
 * {@link AuthMoreData} after {@link CachingSha2Step#REQUEST_PUBLIC_KEY}. The XOR binds the ciphertext
 * to this login's scramble, so a captured one cannot be replayed on another connection.
 *
 * <p>The client side encrypts ({@link #encrypt}) with a backend's key; the server side decrypts
 * ({@link #decrypt}) with the key pair the proxy generates ({@link #generateKeyPair},
 * {@link #toPem}). Key material from a peer that does not parse or decrypt is a
 * {@link ProtocolException}.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password exchanges</a>
 * @see <a href="https://mariadb.com/kb/en/caching_sha2_password-authentication-plugin/">MariaDB: caching_sha2_password</a>
 */
public final class RsaPasswordEncryptor {
    /** Key size of the pairs the proxy generates; MySQL's auto-generated keys are 2048 bits too. */
    public static final int KEY_BITS = 2048;
    private static final String X509_LABEL = "PUBLIC KEY";
    private static final String PKCS1_LABEL = "RSA PUBLIC KEY";
    private static final String FIELD = "RSA public key";
    private static final int DER_SEQUENCE = 0x30;
    private static final int DER_INTEGER = 0x02;

    /**
     * The RSA padding the peer expects. MySQL uses OAEP (RSA_PKCS1_OAEP_PADDING, SHA-1 for digest and
     * MGF1). MySQL servers before 8.0.5 decrypted caching_sha2_password with PKCS#1 v1.5 padding, so
     * Connector/J picks PKCS1 for them by server version.
     */
    public enum Padding {
        OAEP("RSA/ECB/OAEPWithSHA-1AndMGF1Padding"),
        PKCS1("RSA/ECB/PKCS1Padding");

        private final String transformation;

        Padding(String transformation) {
            this.transformation = transformation;
        }

        private Cipher cipher() {
            try {
                return Cipher.getInstance(transformation);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime must provide " + transformation, e);
            }
        }
    }

    private RsaPasswordEncryptor() {
    }

    /**
     * The client's response: {@code RSA(XOR(password + NUL, scramble repeated))}.
     *
     * @throws IllegalArgumentException if the password is too long for the key and padding
     */
    public static byte[] encrypt(byte[] password, byte[] scramble, RSAPublicKey key, Padding padding) {
        byte[] plaintext = Arrays.copyOf(password, password.length + 1);
        try {
            xorWithScramble(plaintext, scramble);
            Cipher cipher = padding.cipher();
            cipher.init(Cipher.ENCRYPT_MODE, key);
            return cipher.doFinal(plaintext);
        } catch (IllegalBlockSizeException e) {
            throw new IllegalArgumentException("password of " + password.length + " bytes is too long for a "
                    + key.getModulus().bitLength() + "-bit key with " + padding + " padding", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA encryption with a parsed public key failed", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * The password in a client's RSA response, without its NUL. The caller wipes it when done.
     *
     * @throws ProtocolException if the response was not encrypted for {@code key} and
     *                           {@code scramble}: wrong key, wrong padding, or a stale scramble
     */
    public static byte[] decrypt(byte[] encrypted, byte[] scramble, RSAPrivateKey key, Padding padding) {
        byte[] plaintext;
        try {
            Cipher cipher = padding.cipher();
            cipher.init(Cipher.DECRYPT_MODE, key);
            plaintext = cipher.doFinal(encrypted);
        } catch (BadPaddingException | IllegalBlockSizeException e) {
            throw new ProtocolException("RSA-encrypted password: " + encrypted.length + " bytes that do not decrypt"
                    + " with the server's private key (expected: encrypted with the public key the server sent, "
                    + padding + " padding)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA decryption with the proxy's own key failed", e);
        }
        try {
            xorWithScramble(plaintext, scramble);
            return ClearPassword.password(plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** XORs in place with the scramble repeated, the obfuscation MySQL applies before RSA. */
    private static void xorWithScramble(byte[] data, byte[] scramble) {
        if (scramble.length == 0) {
            throw new IllegalArgumentException("empty scramble");
        }
        for (int i = 0; i < data.length; i++) {
            data[i] ^= scramble[i % scramble.length];
        }
    }

    /**
     * Parses a PEM public key: X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}, what MySQL sends)
     * or PKCS#1 ({@code BEGIN RSA PUBLIC KEY}, what {@code openssl rsa -RSAPublicKey_out} writes).
     * Whitespace and NULs around the text are ignored.
     *
     * @throws ProtocolException if the text is not one of those forms or not an RSA key
     */
    public static RSAPublicKey parsePublicKey(String pem) {
        // trim() also drops NULs (it removes every char <= ' '), in case a server NUL-terminates the PEM.
        String text = pem.trim();
        try {
            if (isArmored(text, X509_LABEL)) {
                PublicKey key = rsaKeyFactory().generatePublic(new X509EncodedKeySpec(dearmor(text, X509_LABEL)));
                if (!(key instanceof RSAPublicKey rsa)) {
                    throw new ProtocolException(FIELD + ": " + key.getAlgorithm() + " key (expected: RSA)");
                }
                return rsa;
            }
            if (isArmored(text, PKCS1_LABEL)) {
                return (RSAPublicKey) rsaKeyFactory().generatePublic(pkcs1(dearmor(text, PKCS1_LABEL)));
            }
        } catch (InvalidKeySpecException e) {
            throw new ProtocolException(FIELD + ": " + e.getMessage() + " (expected: a DER-encoded RSA key)");
        }
        String start = text.lines().findFirst().orElse("");
        throw new ProtocolException(FIELD + ": starts with '" + start.substring(0, Math.min(start.length(), 40))
                + "' (expected: -----BEGIN PUBLIC KEY----- or -----BEGIN RSA PUBLIC KEY-----)");
    }

    private static boolean isArmored(String text, String label) {
        return text.startsWith("-----BEGIN " + label + "-----") && text.endsWith("-----END " + label + "-----");
    }

    private static byte[] dearmor(String text, String label) {
        String body = text.substring(("-----BEGIN " + label + "-----").length(),
                text.length() - ("-----END " + label + "-----").length());
        try {
            return Base64.getDecoder().decode(body.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(FIELD + ": " + e.getMessage() + " (expected: base64 between the PEM lines)");
        }
    }

    /** {@code RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }} (RFC 8017 A.1.1). */
    private static RSAPublicKeySpec pkcs1(byte[] der) {
        ByteBuffer in = ByteBuffer.wrap(der);
        ByteBuffer sequence = derElement(in, DER_SEQUENCE, "RSAPublicKey");
        BigInteger modulus = derPositiveInteger(sequence, "modulus");
        BigInteger exponent = derPositiveInteger(sequence, "publicExponent");
        if (in.hasRemaining() || sequence.hasRemaining()) {
            throw new ProtocolException(FIELD + ": trailing bytes after the RSAPublicKey (expected: none)");
        }
        return new RSAPublicKeySpec(modulus, exponent);
    }

    private static BigInteger derPositiveInteger(ByteBuffer in, String name) {
        ByteBuffer content = derElement(in, DER_INTEGER, name);
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        if (bytes.length == 0 || new BigInteger(bytes).signum() <= 0) {
            throw new ProtocolException(FIELD + ": " + name + " not a positive INTEGER (expected: a positive INTEGER)");
        }
        return new BigInteger(bytes);
    }

    /** The content of the next DER element, checked to carry {@code tag} and to fit in {@code in}. */
    private static ByteBuffer derElement(ByteBuffer in, int tag, String name) {
        if (in.remaining() < 2 || (in.get() & 0xFF) != tag) {
            throw new ProtocolException(FIELD + ": " + name + " missing (expected: DER tag 0x"
                    + Integer.toHexString(tag) + ")");
        }
        int length = in.get() & 0xFF;
        if (length >= 0x80) {
            // Long form: the low 7 bits count the length bytes; 3 cover any sane RSA key.
            int count = length & 0x7F;
            if (count == 0 || count > 3 || in.remaining() < count) {
                throw new ProtocolException(FIELD + ": " + name + " length of " + count + " bytes (expected: 1 to 3)");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | in.get() & 0xFF;
            }
        }
        if (length > in.remaining()) {
            throw new ProtocolException(FIELD + ": " + name + " of " + length + " bytes, "
                    + in.remaining() + " left (expected: within the key)");
        }
        ByteBuffer content = in.slice(in.position(), length);
        in.position(in.position() + length);
        return content;
    }

    private static KeyFactory rsaKeyFactory() {
        try {
            return KeyFactory.getInstance("RSA");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime must provide RSA", e);
        }
    }

    /** The public key as MySQL sends it: X.509 PEM, 64 base64 characters per line, final newline. */
    public static String toPem(RSAPublicKey key) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN " + X509_LABEL + "-----\n" + base64 + "\n-----END " + X509_LABEL + "-----\n";
    }

    /** A fresh {@value #KEY_BITS}-bit key pair for the proxy's own server side. */
    public static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(KEY_BITS, random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime must provide RSA", e);
        }
    }
}
