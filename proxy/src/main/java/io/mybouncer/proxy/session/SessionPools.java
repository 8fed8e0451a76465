package io.mybouncer.proxy.session;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.RevealedPassword;
import io.mybouncer.proxy.pool.PassthroughPasswords;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.tracking.PinCounters;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Which pool serves a logged-in client: the backend account its user maps to, its schema and
 * collation, and the capabilities it must share with a backend ({@link PoolKey}). Asked at login
 * and again after each COM_CHANGE_USER; a passthrough client's password is held for its pool from
 * then until it leaves ({@link #join}). Thread-safe.
 */
public final class SessionPools {
    /**
     * The client capabilities a backend must share with its client: they change how responses
     * are framed (DEPRECATE_EOF, SESSION_TRACK, MULTI_RESULTS, PS_MULTI_RESULTS), what statements
     * mean (FOUND_ROWS) or what a session may do (MULTI_STATEMENTS, LOCAL_FILES).
     * Everything else a client sets concerns only its own link to the proxy.
     */
    public static final CapabilitySet BACKEND_CAPABILITIES = CapabilitySet.of(
            Capability.CLIENT_FOUND_ROWS, Capability.CLIENT_LOCAL_FILES,
            Capability.CLIENT_MULTI_STATEMENTS, Capability.CLIENT_MULTI_RESULTS, Capability.CLIENT_PS_MULTI_RESULTS,
            Capability.CLIENT_SESSION_TRACK, Capability.CLIENT_DEPRECATE_EOF);

    /** Client user name to the backend account it uses. */
    private final Function<String, String> backendUsers;
    private final Function<PoolKey, Pool> pools;
    private final String backendName;
    private final PassthroughPasswords passwords;
    private final PoolMode mode;
    private final PinCounters pinCounters;

    /**
     * @param backendUsers client user name to its backend account
     * @param pools        the pool of a key, created on first use
     * @param backendName  the backend's address as errors name it ({@code host:port})
     * @param passwords    where the passwords of passthrough users are held for their pools (left
     *                     empty in configured mode, where no client reveals its password)
     * @param mode         when sessions give backends back
     * @param pinCounters  where sessions count why they keep a backend (multiplexed modes)
     */
    public SessionPools(Function<String, String> backendUsers, Function<PoolKey, Pool> pools, String backendName,
            PassthroughPasswords passwords, PoolMode mode, PinCounters pinCounters) {
        this.backendUsers = backendUsers;
        this.pools = pools;
        this.backendName = backendName;
        this.passwords = passwords;
        this.mode = mode;
        this.pinCounters = pinCounters;
    }

    public PoolMode mode() {
        return mode;
    }

    PinCounters pinCounters() {
        return pinCounters;
    }

    /**
     * The key of {@code client}'s pool; an empty schema is no schema, and so is the admin database,
     * which a passthrough admin's password is checked without (the backend does not have it).
     */
    public PoolKey keyOf(AuthenticatedClient client) {
        String database = client.database() == null || client.database().isEmpty()
                || AdminSettings.isConsole(client.database()) ? null : client.database();
        CapabilitySet capabilities = client.capabilities().and(BACKEND_CAPABILITIES);
        if (mode != PoolMode.SESSION) {
            // Multiplexing reads the backend's session-state reports whatever the client asked for; the relay
            // takes them out of OK packets for clients that did not ask.
            capabilities = capabilities.or(CapabilitySet.of(Capability.CLIENT_SESSION_TRACK));
        }
        return new PoolKey(backendUsers.apply(client.user()), database, client.collationId(), capabilities);
    }

    public Pool poolOf(AuthenticatedClient client) {
        return pools.apply(keyOf(client));
    }

    /**
     * The pool {@code client} uses while logged in as its user. A client that revealed its password
     * (passthrough) hands it over: it is held for the pool's logins until {@link PoolMembership#leave},
     * and the client's copy is wiped.
     */
    PoolMembership join(AuthenticatedClient client) {
        Pool pool = poolOf(client);
        RevealedPassword password = client.password();
        if (password == null) {
            return new PoolMembership(pool, null);
        }
        byte[] bytes = password.bytes();
        try {
            return new PoolMembership(pool, passwords.hold(pool.key().user(), bytes));
        } finally {
            Arrays.fill(bytes, (byte) 0);
            password.wipe();
        }
    }

    /** The backend's address, for the "cannot connect" errors a session sends. */
    public String backendName() {
        return backendName;
    }
}
