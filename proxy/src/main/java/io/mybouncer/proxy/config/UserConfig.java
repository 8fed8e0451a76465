package io.mybouncer.proxy.config;

import java.util.Objects;

/**
 * A client the proxy lets in, and the backend account its connections use.
 *
 * @param name          the user name clients log in with
 * @param secret        what the client's password is checked against
 * @param backendUser   the user the proxy logs in to the backend as; by default {@code name}
 * @param backendSecret the backend password; by default {@code secret}. Always a plaintext secret,
 *                      since a hash cannot log in
 */
public record UserConfig(String name, Secret secret, String backendUser, Secret backendSecret) {
    public UserConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(backendUser, "backendUser");
        Objects.requireNonNull(backendSecret, "backendSecret");
        if (name.isEmpty() || backendUser.isEmpty()) {
            throw new IllegalArgumentException("name and backendUser: empty (expected: a user name)");
        }
        if (!backendSecret.canLogInToBackend()) {
            throw new IllegalArgumentException("backendSecret: a " + backendSecret.form()
                    + " (expected: a plaintext password, since a hash cannot log in to the backend)");
        }
    }

    /** A user whose backend account is the same name and password. */
    public static UserConfig sameOnBackend(String name, Secret secret) {
        return new UserConfig(name, secret, name, secret);
    }
}
