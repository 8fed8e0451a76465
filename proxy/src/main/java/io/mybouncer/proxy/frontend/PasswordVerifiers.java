package io.mybouncer.proxy.frontend;

import io.netty.util.concurrent.Ticker;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What passthrough mode remembers of a password the backend accepted: per user, a salted verifier,
 * {@code SHA-256(salt || password)} with 16 random bytes of salt per entry, so a later login with
 * the same password is admitted without a backend round trip. Only in memory; never printed.
 *
 * <p>A verifier lasts {@link #LIFETIME}, so a password changed on the backend stops working through
 * the proxy within that time even while the pool never logs in again; it goes at once when the
 * backend refuses the password ({@link #forget}); a newly accepted password replaces it.
 *
 * <p>Why one SHA-256 and not a slow key-derivation function: the check runs on an event loop at
 * every login, where milliseconds of PBKDF2 would stall every other client of that loop; and the
 * proxy holds the plaintext anyway while a client of that user is logged in (its pool logs in with
 * it), so a slow hash would protect little. The salt keeps equal passwords of two users, or one
 * user's password over time, from showing in a heap dump as equal hashes.
 *
 * <p>Thread-safe.
 */
public final class PasswordVerifiers {
    /** How long an accepted password is admitted without asking the backend again. */
    public static final Duration LIFETIME = Duration.ofMinutes(10);
    private static final int SALT_BYTES = 16;

    private record Verifier(byte[] salt, byte[] hash, long createdNanos) {
    }

    private final ConcurrentMap<String, Verifier> verifiers = new ConcurrentHashMap<>();
    private final SecureRandom random;
    private final Ticker ticker;

    /** @param ticker the clock verifiers age by; {@link Ticker#systemTicker()} outside tests */
    public PasswordVerifiers(SecureRandom random, Ticker ticker) {
        this.random = random;
        this.ticker = ticker;
    }

    /** Whether {@code password} is the one the backend last accepted for {@code user}, within the lifetime. */
    public boolean matches(String user, byte[] password) {
        Verifier verifier = verifiers.get(user);
        if (verifier == null) {
            return false;
        }
        if (ticker.nanoTime() - verifier.createdNanos() > LIFETIME.toNanos()) {
            verifiers.remove(user, verifier);
            return false;
        }
        return MessageDigest.isEqual(verifier.hash(), hash(verifier.salt(), password));
    }

    /** The backend accepted {@code password} for {@code user}: it replaces what was remembered. */
    public void remember(String user, byte[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        verifiers.put(user, new Verifier(salt, hash(salt, password), ticker.nanoTime()));
    }

    /** The backend refused {@code user}'s password: the next login is checked with the backend again. */
    public void forget(String user) {
        verifiers.remove(user);
    }

    private static byte[] hash(byte[] salt, byte[] password) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
        digest.update(salt);
        return digest.digest(password);
    }

    @Override
    public String toString() {
        return "PasswordVerifiers[" + verifiers.size() + " users, redacted]";
    }
}
