package io.mybouncer.protocol.auth;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The 20-byte nonce a server sends in HandshakeV10 or AuthSwitchRequest, which the client mixes into
 * its auth response. The proxy makes one per client login.
 *
 * <p>Bytes are drawn uniformly from 1..127 without '$' (0x24), the alphabet MySQL's
 * {@code generate_user_salt} uses: no NUL, so the scramble survives the NUL-terminated fields and
 * NUL-splitting clients it travels through, and no '$', the separator of the crypt-style strings
 * MySQL builds around salts. 7-bit bytes still leave about 139 bits of entropy.
 *
 * <p>{@link #toString()} hides the bytes: a logged scramble together with a logged response allows
 * an offline dictionary attack on the password.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">Protocol::HandshakeV10</a>
 */
public final class Scramble {
    public static final int LENGTH = 20;
    private static final int DOLLAR = '$';

    private final byte[] bytes;

    private Scramble(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh scramble from {@code random}, which the caller owns and may share between threads. */
    public static Scramble generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int b;
            do {
                // Rejection rather than MySQL's "bump to the next byte" keeps the draw uniform.
                b = random.nextInt(128);
            } while (b == 0 || b == DOLLAR);
            bytes[i] = (byte) b;
        }
        return new Scramble(bytes);
    }

    /** A copy of the 20 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scramble that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Scramble[<20 bytes redacted>]";
    }
}
