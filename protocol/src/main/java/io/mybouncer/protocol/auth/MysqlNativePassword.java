package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.packet.ProtocolException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * mysql_native_password: the response is {@code SHA1(pw) XOR SHA1(scramble + SHA1(SHA1(pw)))}, and
 * the server stores {@code SHA1(SHA1(pw))}, shown in mysql.user as {@code *} and 40 upper-case hex
 * digits.
 *
 * <p>Verifying reverses the XOR: {@code response XOR SHA1(scramble + stored)} yields a candidate
 * {@code SHA1(pw)}, which is right when its SHA-1 is the stored hash. A valid login therefore hands
 * the verifier {@code SHA1(pw)}, which is enough to compute a response to any other scramble: that
 * is how the proxy logs in to a backend for a user it knows only by the stored hash
 * ({@link #recoverPasswordSha1}, then {@link #responseFromPasswordSha1}).
 *
 * <p>An empty password has an empty response and an empty stored hash, as in MySQL.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods_native_password_authentication.html">Native Authentication</a>
 */
public final class MysqlNativePassword implements AuthPlugin {
    public static final String NAME = "mysql_native_password";
    public static final MysqlNativePassword INSTANCE = new MysqlNativePassword();
    /** Length of the scramble, of SHA-1 and so of the response and the stored hash. */
    public static final int LENGTH = 20;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private MysqlNativePassword() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] computeResponse(byte[] password, byte[] scramble) {
        requireScramble(scramble);
        if (password.length == 0) {
            return new byte[0];
        }
        return responseFromPasswordSha1(Digest.SHA1.of(password), scramble);
    }

    /** The response computed from {@code SHA1(pw)} instead of the password. */
    public static byte[] responseFromPasswordSha1(byte[] passwordSha1, byte[] scramble) {
        requireScramble(scramble);
        return Digest.xor(passwordSha1, Digest.SHA1.of(scramble, Digest.SHA1.of(passwordSha1)));
    }

    /** The scramble comes from the peer, so a wrong length is the peer's mistake. */
    private static void requireScramble(byte[] scramble) {
        if (scramble.length != LENGTH) {
            throw new ProtocolException(NAME + ": scramble: " + scramble.length + " bytes (expected: 20)");
        }
    }

    /** {@code SHA1(SHA1(pw))}, the server's verifier; empty for an empty password. */
    public static byte[] storedHash(byte[] password) {
        return password.length == 0 ? new byte[0] : Digest.SHA1.of(Digest.SHA1.of(password));
    }

    /** The mysql.user form of a stored hash: {@code *} and 40 upper-case hex digits, or "" for none. */
    public static String toHashString(byte[] storedHash) {
        return storedHash.length == 0 ? "" : "*" + HEX.formatHex(storedHash);
    }

    /**
     * Parses the mysql.user form (either case), as found in configuration.
     *
     * @throws IllegalArgumentException if it is neither "" nor {@code *} and 40 hex digits
     */
    public static byte[] parseHashString(String hash) {
        if (hash.isEmpty()) {
            return new byte[0];
        }
        if (hash.length() != 2 * LENGTH + 1 || hash.charAt(0) != '*') {
            throw new IllegalArgumentException("mysql_native_password hash: " + hash.length()
                    + " characters (expected: '*' and 40 hex digits)");
        }
        return HexFormat.of().parseHex(hash, 1, hash.length());
    }

    /** Whether {@code response} answers {@code scramble} for the password behind {@code storedHash}. */
    public static boolean verify(byte[] storedHash, byte[] scramble, byte[] response) {
        if (storedHash.length == 0 || response.length == 0) {
            return storedHash.length == 0 && response.length == 0;
        }
        return recoverPasswordSha1(storedHash, scramble, response).isPresent();
    }

    /**
     * {@code SHA1(pw)} from a valid response, or empty if the response is wrong. Compares in constant
     * time, so timing does not reveal how much of a guess matched.
     */
    public static Optional<byte[]> recoverPasswordSha1(byte[] storedHash, byte[] scramble, byte[] response) {
        if (storedHash.length != LENGTH || response.length != LENGTH) {
            return Optional.empty();
        }
        byte[] candidate = Digest.xor(response, Digest.SHA1.of(scramble, storedHash));
        return MessageDigest.isEqual(Digest.SHA1.of(candidate), storedHash) ? Optional.of(candidate) : Optional.empty();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
