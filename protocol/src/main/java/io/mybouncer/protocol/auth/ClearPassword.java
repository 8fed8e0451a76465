package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.packet.ProtocolException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * mysql_clear_password: the response is the password followed by a NUL. caching_sha2_password and
 * sha256_password use the same form for full authentication over TLS or a Unix socket. Never offer
 * or accept it on a plain TCP connection: it sends the password as is.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_clear_text_password.html">Clear text client plugin</a>
 */
public final class ClearPassword implements AuthPlugin {
    public static final String NAME = "mysql_clear_password";
    public static final ClearPassword INSTANCE = new ClearPassword();

    private ClearPassword() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@code password + NUL}; the scramble is not used. */
    @Override
    public byte[] computeResponse(byte[] password, byte[] scramble) {
        return Arrays.copyOf(password, password.length + 1);
    }

    /**
     * The password in a clear-text response, without its NUL. The caller wipes it when done.
     *
     * @throws ProtocolException if the response is not NUL-terminated
     */
    public static byte[] password(byte[] response) {
        if (response.length == 0 || response[response.length - 1] != 0) {
            throw new ProtocolException("clear-text password: " + response.length
                    + " bytes without a final NUL (expected: password + NUL)");
        }
        return Arrays.copyOf(response, response.length - 1);
    }

    /** Whether a clear-text response carries {@code expected}. Constant time in the password's bytes. */
    public static boolean verify(byte[] expected, byte[] response) {
        if (response.length == 0 || response[response.length - 1] != 0) {
            return false;
        }
        byte[] password = Arrays.copyOf(response, response.length - 1);
        try {
            return MessageDigest.isEqual(password, expected);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
