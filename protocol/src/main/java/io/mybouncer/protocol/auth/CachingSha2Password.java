package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.packet.ProtocolException;
import java.security.MessageDigest;

/**
 * caching_sha2_password, MySQL 8's default. The fast path mirrors mysql_native_password with
 * SHA-256, except that the stored hash comes before the nonce in the outer digest:
 *
 * <pre>
 * response = XOR(SHA256(pw), SHA256(SHA256(SHA256(pw)) + nonce))
 * cached   = SHA256(SHA256(pw))
 * </pre>
 *
 * <p>The server verifies against its in-memory cache of {@code SHA256(SHA256(pw))}. On a cache miss
 * it asks for the password itself ({@link CachingSha2Step}): over TLS or a Unix socket the client
 * sends it in the clear form of {@link ClearPassword}; otherwise RSA-encrypted with
 * {@link RsaPasswordEncryptor}. A full login is what fills the cache, so a proxy that verifies
 * clients with {@link #verify} needs to have seen the password once, from configuration or from a
 * full authentication.
 *
 * <p>An empty password has an empty response, as in libmysqlclient.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password exchanges</a>
 */
public final class CachingSha2Password implements AuthPlugin {
    public static final String NAME = "caching_sha2_password";
    public static final CachingSha2Password INSTANCE = new CachingSha2Password();
    /** Length of the scramble (nonce). */
    public static final int SCRAMBLE_LENGTH = 20;
    /** Length of SHA-256, of the response and of the cached hash. */
    public static final int LENGTH = 32;

    private CachingSha2Password() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] computeResponse(byte[] password, byte[] scramble) {
        if (scramble.length != SCRAMBLE_LENGTH) {
            throw new ProtocolException(NAME + ": scramble: " + scramble.length + " bytes (expected: 20)");
        }
        if (password.length == 0) {
            return new byte[0];
        }
        byte[] stage1 = Digest.SHA256.of(password);
        return Digest.xor(stage1, Digest.SHA256.of(Digest.SHA256.of(stage1), scramble));
    }

    /** {@code SHA256(SHA256(pw))}: what the server caches and {@link #verify} checks against. */
    public static byte[] storedHash(byte[] password) {
        return Digest.SHA256.of(Digest.SHA256.of(password));
    }

    /**
     * Fast-path verification: whether {@code response} answers {@code scramble} for the password
     * behind {@code storedHash}. An empty response matches only an empty password. Constant time.
     */
    public static boolean verify(byte[] storedHash, byte[] scramble, byte[] response) {
        if (response.length == 0) {
            return MessageDigest.isEqual(storedHash, storedHash(new byte[0]));
        }
        if (storedHash.length != LENGTH || response.length != LENGTH) {
            return false;
        }
        byte[] candidate = Digest.xor(response, Digest.SHA256.of(storedHash, scramble));
        return MessageDigest.isEqual(Digest.SHA256.of(candidate), storedHash);
    }

    @Override
    public String toString() {
        return NAME;
    }
}
