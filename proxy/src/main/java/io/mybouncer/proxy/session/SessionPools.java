package io.mybouncer.proxy.session;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import java.util.function.Function;

/**
 * Which pool serves a logged-in client: the backend account its user maps to, its schema and
 * collation, and the capabilities it must share with a backend ({@link PoolKey}). Asked at login
 * and again after each COM_CHANGE_USER. Thread-safe.
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

    /**
     * @param backendUsers client user name to its backend account
     * @param pools        the pool of a key, created on first use
     * @param backendName  the backend's address as errors name it ({@code host:port})
     */
    public SessionPools(Function<String, String> backendUsers, Function<PoolKey, Pool> pools, String backendName) {
        this.backendUsers = backendUsers;
        this.pools = pools;
        this.backendName = backendName;
    }

    /** The key of {@code client}'s pool; an empty schema is no schema. */
    public PoolKey keyOf(AuthenticatedClient client) {
        String database = client.database() == null || client.database().isEmpty() ? null : client.database();
        return new PoolKey(backendUsers.apply(client.user()), database, client.collationId(),
                client.capabilities().and(BACKEND_CAPABILITIES));
    }

    public Pool poolOf(AuthenticatedClient client) {
        return pools.apply(keyOf(client));
    }

    /** The backend's address, for the "cannot connect" errors a session sends. */
    public String backendName() {
        return backendName;
    }
}
