package io.mybouncer.protocol.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The hash functions the password plugins are built from. */
enum Digest {
    SHA1("SHA-1"),
    SHA256("SHA-256");

    private final String algorithm;

    Digest(String algorithm) {
        this.algorithm = algorithm;
    }

    /** The hash of the concatenated parts. A new MessageDigest per call: they are not thread-safe. */
    byte[] of(byte[]... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide " + algorithm, e);
        }
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** Byte-wise XOR of two arrays of the same length: the plugins' one mixing step. */
    static byte[] xor(byte[] a, byte[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("xor of " + a.length + " and " + b.length + " bytes");
        }
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
