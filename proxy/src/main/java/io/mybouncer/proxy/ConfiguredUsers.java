package io.mybouncer.proxy;

import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.proxy.config.UserConfig;
import io.mybouncer.proxy.frontend.ClientCredentials;
import io.mybouncer.proxy.frontend.UserDirectory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The users of {@code auth: configured}, which a RELOAD replaces: what a login is checked against,
 * and each client user's backend account and that account's password. A reload swaps one immutable
 * snapshot, so a login or a connect never sees half of the old users and half of the new. Clients
 * of a removed user stay connected; their pool's next connect finds no password and fails.
 */
final class ConfiguredUsers {
    /**
     * @param credentials      client user name to what its password is checked against
     * @param backendUsers     client user name to the backend account it uses
     * @param backendPasswords backend account to its password
     */
    private record Snapshot(Map<String, ClientCredentials> credentials, Map<String, String> backendUsers,
            Map<String, String> backendPasswords) {
    }

    private volatile Snapshot snapshot;

    ConfiguredUsers(List<UserConfig> users) {
        update(users);
    }

    void update(List<UserConfig> users) {
        snapshot = new Snapshot(
                users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::name, ConfiguredUsers::credentials)),
                users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::name, UserConfig::backendUser)),
                users.stream().collect(Collectors.toUnmodifiableMap(UserConfig::backendUser,
                        user -> user.backendSecret().revealPlaintext(), (first, second) -> second)));
    }

    /** The users a login is checked against, always the latest. */
    UserDirectory directory() {
        return user -> Optional.ofNullable(snapshot.credentials().get(user));
    }

    /** Client user name to its backend account; null for a user not (or no longer) configured. */
    Function<String, String> backendUsers() {
        return user -> snapshot.backendUsers().get(user);
    }

    /** Backend account to its password; null for an account no configured user has. */
    Function<String, String> backendPasswords() {
        return account -> snapshot.backendPasswords().get(account);
    }

    private static ClientCredentials credentials(UserConfig user) {
        return switch (user.secret().form()) {
            case PLAINTEXT -> ClientCredentials.ofPassword(user.secret().revealPlaintext()
                    .getBytes(StandardCharsets.UTF_8));
            case NATIVE_PASSWORD_HASH -> ClientCredentials.ofNativeHash(
                    MysqlNativePassword.toHashString(user.secret().nativePasswordHash()));
        };
    }
}
