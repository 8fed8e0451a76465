package io.mybouncer.proxy.pool;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The backend passwords of passthrough users, for their pools to log in with. Nothing is configured
 * or written anywhere: a password arrives with a client's verified login and is held for as long
 * as a client of that user is logged in (each session holds it, {@link #hold}); when the last one
 * leaves it is wiped. The newest login's password wins, so a changed password takes over as soon
 * as one client logs in with it.
 *
 * <p>The trade-off: the pool must log in as the user to open connections, so the plaintext has to
 * be in memory while it may need to (a verifier cannot log in). Holding it only while clients of
 * the user are logged in bounds that to when the pool can need it: it opens connections for
 * waiting clients only, since passthrough pools keep no minimum idle (the configuration refuses
 * {@code min_idle} with passthrough). Connections already open stay usable after the password is
 * gone. Never printed: {@link #toString()} names no password.
 *
 * <p>Thread-safe; calls are short and hold the monitor only to update the map.
 */
public final class PassthroughPasswords {
    /** One user's password and how many sessions hold it. */
    private static final class Entry {
        byte[] password;
        int holders;
    }

    private final Map<String, Entry> entries = new HashMap<>();

    /** A session's hold on its user's password; {@link #close()} gives it up (idempotent). */
    public final class Hold implements AutoCloseable {
        private final String user;
        private boolean released;

        private Hold(String user) {
            this.user = user;
        }

        @Override
        public void close() {
            synchronized (PassthroughPasswords.this) {
                if (released) {
                    return;
                }
                released = true;
                Entry entry = entries.get(user);
                if (--entry.holders == 0) {
                    Arrays.fill(entry.password, (byte) 0);
                    entries.remove(user);
                }
            }
        }
    }

    /**
     * Holds {@code password} (UTF-8, copied) for {@code user}'s pools until the returned hold is
     * closed; it replaces the password held so far, which the backend may no longer accept.
     */
    public synchronized Hold hold(String user, byte[] password) {
        Entry entry = entries.computeIfAbsent(user, name -> new Entry());
        if (entry.password != null) {
            Arrays.fill(entry.password, (byte) 0);
        }
        entry.password = password.clone();
        entry.holders++;
        return new Hold(user);
    }

    /** The password to log in as {@code user}, or {@code null} while no client of that user is logged in. */
    public synchronized String password(String user) {
        Entry entry = entries.get(user);
        return entry == null ? null : new String(entry.password, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized String toString() {
        return "PassthroughPasswords[" + entries.size() + " users, redacted]";
    }
}
