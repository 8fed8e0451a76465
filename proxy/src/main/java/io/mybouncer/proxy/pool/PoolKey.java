package io.mybouncer.proxy.pool;

import io.mybouncer.protocol.packet.CapabilitySet;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What makes backend connections interchangeable: two clients may share a backend only when it
 * logged in as the same user, with the same initial schema and collation, and with the same
 * framing-relevant capabilities (DESIGN part 1) — a backend that speaks CLIENT_DEPRECATE_EOF frames
 * result sets differently from one that does not, and session tracking changes every OK packet.
 *
 * @param user         the backend account; never a secret, so it may appear in logs
 * @param database     the schema the backend logs in with, or {@code null} for none
 * @param collationId  the collation announced in the backend login
 * @param capabilities only the capabilities that change framing or what a session may do; the
 *                     caller masks the client's set, so two clients that differ in unrelated
 *                     flags still share a pool
 */
public record PoolKey(String user, String database, int collationId, CapabilitySet capabilities) {
    public PoolKey {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(capabilities, "capabilities");
    }

    /**
     * The pool's name in metrics and the admin console: {@code user/database}, or {@code user}
     * without a schema. Keys that differ only in collation or capability class share it, which keeps
     * the metric labels few.
     */
    public String label() {
        return database == null ? user : user + "/" + database;
    }

    /**
     * For log lines and the client's error: {@code app/shop (collation 45, DEPRECATE_EOF SESSION_TRACK)},
     * short enough to read in an ERR message.
     */
    @Override
    public String toString() {
        StringJoiner flags = new StringJoiner(" ", "", ")");
        capabilities.toEnumSet().forEach(flag -> flags.add(flag.name().replaceFirst("^CLIENT_", "")));
        return label() + " (collation " + collationId
                + (capabilities.bits() == 0 ? ")" : ", " + flags);
    }
}
