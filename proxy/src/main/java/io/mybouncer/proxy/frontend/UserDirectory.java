package io.mybouncer.proxy.frontend;

import java.util.Map;
import java.util.Optional;

/**
 * Client user name to credentials: the proxy's view of its users, filled from configuration (or
 * answering {@link ClientCredentials#passthrough()} for every name in passthrough mode).
 *
 * <p>Called on an event loop during each login, so a lookup must not block.
 */
@FunctionalInterface
public interface UserDirectory {
    Optional<ClientCredentials> lookup(String user);

    /** A fixed set of users; the map is copied. */
    static UserDirectory of(Map<String, ClientCredentials> users) {
        Map<String, ClientCredentials> copy = Map.copyOf(users);
        return user -> Optional.ofNullable(copy.get(user));
    }

    /** Every user name is known and authenticated by the backend. */
    static UserDirectory passthrough() {
        ClientCredentials passthrough = ClientCredentials.passthrough();
        return user -> Optional.of(passthrough);
    }
}
