package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.packet.ProtocolException;

/**
 * The one-byte signals of the caching_sha2_password exchange after the client's scramble response.
 *
 * <pre>
 * client: XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) + nonce))
 * server: AuthMoreData FAST_AUTH_SUCCESS, then OK           (cache hit, response valid)
 *      or AuthMoreData PERFORM_FULL_AUTHENTICATION          (cache miss)
 *         client over TLS or a Unix socket: password + NUL
 *         client otherwise: REQUEST_PUBLIC_KEY (unless it has the key),
 *                           server: AuthMoreData with the PEM,
 *                           client: RSA(XOR(password + NUL, nonce))
 *         server: OK or ERR
 * </pre>
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password exchanges</a>
 */
public enum CachingSha2Step {
    /** Client to server, as the whole auth response: send me your RSA public key. */
    REQUEST_PUBLIC_KEY(0x02),
    /** Server to client in AuthMoreData: the cached hash matched; an OK packet follows. */
    FAST_AUTH_SUCCESS(0x03),
    /** Server to client in AuthMoreData: no cached hash; send the password itself. */
    PERFORM_FULL_AUTHENTICATION(0x04);

    private final byte code;

    CachingSha2Step(int code) {
        this.code = (byte) code;
    }

    public byte code() {
        return code;
    }

    /** The step a server signals, read on the client side. */
    public static CachingSha2Step ofServerData(AuthMoreData packet) {
        byte[] data = packet.data();
        if (data.length == 1 && data[0] == FAST_AUTH_SUCCESS.code) {
            return FAST_AUTH_SUCCESS;
        }
        if (data.length == 1 && data[0] == PERFORM_FULL_AUTHENTICATION.code) {
            return PERFORM_FULL_AUTHENTICATION;
        }
        throw ProtocolException.at("AuthMoreData", "caching_sha2_password step", 1,
                data.length == 1 ? String.format("0x%02X", data[0]) : data.length + " bytes",
                "0x03 fast_auth_success or 0x04 perform_full_authentication");
    }

    /** Whether a client's auth response is the public-key request rather than a password. */
    public static boolean isPublicKeyRequest(byte[] response) {
        return response.length == 1 && response[0] == REQUEST_PUBLIC_KEY.code;
    }

    /** The AuthMoreData a server sends for this step. */
    public AuthMoreData toAuthMoreData() {
        if (this == REQUEST_PUBLIC_KEY) {
            throw new IllegalStateException("the client sends " + this + " as a raw auth response");
        }
        return new AuthMoreData(new byte[] {code});
    }
}
