package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import java.util.Optional;

/**
 * What the proxy knows about one client user's password: the verifier each auth plugin checks a
 * response against, or nothing at all (passthrough).
 *
 * <ul>
 *   <li>{@link #ofPassword}: a configured plaintext secret yields both verifiers, so a client may log
 *       in with mysql_native_password or with caching_sha2_password's fast path, no switch needed.</li>
 *   <li>{@link #ofNativeHash}: a configured mysql.user hash ({@code *} and 40 hex digits) is
 *       {@code SHA1(SHA1(pw))}, from which no SHA-256 verifier follows. A client that answers with
 *       caching_sha2_password is switched to mysql_native_password.</li>
 *   <li>{@link #passthrough()}: no verifier. The client is taken through caching_sha2_password full
 *       authentication, which reveals its password; whoever admits the client checks that password
 *       by logging in to the backend with it (DESIGN.md, "Authentication").</li>
 * </ul>
 *
 * <p>Immutable. Verifiers are never printed: with a logged scramble and response a hash allows an
 * offline guess, and a native hash alone is enough to log in to MySQL.
 */
public final class ClientCredentials {
    /** {@code SHA1(SHA1(pw))}, empty for an empty password; {@code null} when not known. */
    private final byte[] nativeHash;
    /** {@code SHA256(SHA256(pw))}; {@code null} when not known. */
    private final byte[] cachingSha2Hash;

    private ClientCredentials(byte[] nativeHash, byte[] cachingSha2Hash) {
        this.nativeHash = nativeHash;
        this.cachingSha2Hash = cachingSha2Hash;
    }

    /** Both verifiers, from a plaintext password (UTF-8 bytes) that the caller may wipe afterwards. */
    public static ClientCredentials ofPassword(byte[] password) {
        return new ClientCredentials(MysqlNativePassword.storedHash(password), CachingSha2Password.storedHash(password));
    }

    /**
     * From the mysql.user form of a mysql_native_password hash, as found in configuration.
     *
     * @throws IllegalArgumentException if it is neither "" nor {@code *} and 40 hex digits
     */
    public static ClientCredentials ofNativeHash(String hash) {
        return new ClientCredentials(MysqlNativePassword.parseHashString(hash), null);
    }

    /** No verifier: the password is obtained from the client and checked by the backend. */
    public static ClientCredentials passthrough() {
        return new ClientCredentials(null, null);
    }

    public boolean isPassthrough() {
        return nativeHash == null && cachingSha2Hash == null;
    }

    Optional<byte[]> nativeHash() {
        return Optional.ofNullable(nativeHash).map(byte[]::clone);
    }

    Optional<byte[]> cachingSha2Hash() {
        return Optional.ofNullable(cachingSha2Hash).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return isPassthrough() ? "ClientCredentials[passthrough]"
                : "ClientCredentials[" + (nativeHash != null ? "native hash" : "")
                        + (nativeHash != null && cachingSha2Hash != null ? ", " : "")
                        + (cachingSha2Hash != null ? "caching_sha2 hash" : "") + ", redacted]";
    }
}
