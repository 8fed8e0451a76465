package io.mybouncer.proxy.config;

import io.mybouncer.protocol.auth.MysqlNativePassword;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A password, or the mysql_native_password hash of one, that must never reach a log, an error
 * message, a metric or an admin result: {@link #toString()} is {@code ***}, and the value is read
 * only through methods whose names say what they disclose.
 *
 * <p>A plaintext secret can do everything: verify mysql_native_password and caching_sha2_password
 * logins and log in to the backend. A hash ({@code *} and 40 hex digits, as in {@code mysql.user})
 * can verify only mysql_native_password logins, and cannot log in to the backend: a user configured
 * by hash needs a separate backend password.
 */
public final class Secret {
    /** How the secret is held. */
    public enum Form {
        /** The password itself. */
        PLAINTEXT,
        /** {@code SHA1(SHA1(password))}, the mysql_native_password stored hash. */
        NATIVE_PASSWORD_HASH
    }

    private final Form form;
    /** The UTF-8 password for PLAINTEXT, the 20-byte stored hash for NATIVE_PASSWORD_HASH. Never shared. */
    private final byte[] value;

    private Secret(Form form, byte[] value) {
        this.form = form;
        this.value = value;
    }

    public static Secret plaintext(String password) {
        return new Secret(Form.PLAINTEXT, password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A secret known only by its mysql_native_password hash.
     *
     * @param hashString {@code *} and 40 hex digits, either case
     * @throws IllegalArgumentException if it has another form; the message does not repeat it
     */
    public static Secret nativePasswordHash(String hashString) {
        Objects.requireNonNull(hashString, "hashString");
        if (hashString.length() != 2 * MysqlNativePassword.LENGTH + 1 || hashString.charAt(0) != '*'
                || !hashString.substring(1).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a mysql_native_password hash (expected: '*' and 40 hex "
                    + "digits, as in mysql.user)");
        }
        return new Secret(Form.NATIVE_PASSWORD_HASH, MysqlNativePassword.parseHashString(hashString));
    }

    public Form form() {
        return form;
    }

    /** Whether the proxy can log in to a backend with it: only the password itself can. */
    public boolean canLogInToBackend() {
        return form == Form.PLAINTEXT;
    }

    /**
     * The password, for logging in to the backend and for caching_sha2_password verification.
     *
     * @throws IllegalStateException for a hash, which has no password to give
     */
    public String revealPlaintext() {
        if (form != Form.PLAINTEXT) {
            throw new IllegalStateException("a " + form + " secret has no plaintext");
        }
        return new String(value, StandardCharsets.UTF_8);
    }

    /** {@code SHA1(SHA1(password))}, for mysql_native_password verification; empty for an empty password. */
    public byte[] nativePasswordHash() {
        return form == Form.PLAINTEXT ? MysqlNativePassword.storedHash(value) : value.clone();
    }

    /** Same form and value, compared in constant time. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && form == that.form && MessageDigest.isEqual(value, that.value);
    }

    /** Depends on the form only, so a hash table reveals nothing about the value. */
    @Override
    public int hashCode() {
        return form.hashCode();
    }

    @Override
    public String toString() {
        return "***";
    }
}
