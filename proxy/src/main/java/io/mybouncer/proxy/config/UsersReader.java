package io.mybouncer.proxy.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the users: the file's {@code users:} list, then the {@code --user NAME:PASSWORD} flags, each of
 * which replaces the file's user of that name. A user is known by a password (plaintext or
 * {@code ${ENV}}) or by its mysql_native_password hash; a hash cannot log in to the backend, so such a
 * user needs {@code backend_password}.
 */
final class UsersReader {
    private final SecretReader secrets;
    private final List<ConfigProblem> problems;

    UsersReader(SecretReader secrets, List<ConfigProblem> problems) {
        this.secrets = secrets;
        this.problems = problems;
    }

    /**
     * The users from {@code root} and {@code flagUsers}, checked against {@code auth}: configured
     * authentication needs at least one user, passthrough takes none.
     */
    List<UserConfig> read(ConfigMapping root, List<String> flagUsers, AuthMode auth) {
        Map<String, UserConfig> users = new LinkedHashMap<>();
        List<ConfigMapping> entries = root.mappings("users").orElse(List.of());
        for (ConfigMapping entry : entries) {
            fromFile(entry).ifPresent(user -> {
                if (users.putIfAbsent(user.name(), user) != null) {
                    entry.problem("name", ConfigMapping.show(user.name()) + " appears twice (expected: unique names)");
                }
            });
        }
        List<String> flagNames = new ArrayList<>();
        for (String flag : flagUsers) {
            fromFlag(flag).ifPresent(user -> {
                if (flagNames.contains(user.name())) {
                    problems.add(new ConfigProblem(ConfigProblem.COMMAND_LINE, "--user " + user.name(),
                            "given twice (expected: one --user per name)"));
                }
                flagNames.add(user.name());
                users.put(user.name(), user);
            });
        }
        String source = flagUsers.isEmpty() ? root.source() : ConfigProblem.COMMAND_LINE;
        String key = flagUsers.isEmpty() ? "users" : "--user";
        if (auth == AuthMode.PASSTHROUGH && (root.has("users") || !flagUsers.isEmpty())) {
            problems.add(new ConfigProblem(source, key, "not used with auth passthrough, where no password is "
                    + "stored (expected: no users; remove them, or use auth: configured)"));
        } else if (auth == AuthMode.CONFIGURED && entries.isEmpty() && flagUsers.isEmpty()) {
            problems.add(new ConfigProblem(root.source(), "users", "none configured (expected: at least one user, "
                    + "under users: in the file or as --user NAME:PASSWORD, or auth: passthrough)"));
        }
        return List.copyOf(users.values());
    }

    private Optional<UserConfig> fromFile(ConfigMapping entry) {
        entry.allowing("name", "password", "password_hash", "backend_user", "backend_password");
        Optional<String> name = nonEmptyName(entry, "name");
        Optional<Secret> secret = clientSecret(entry);
        Optional<String> backendUser = entry.has("backend_user") ? nonEmptyName(entry, "backend_user") : name;
        Optional<Secret> backendSecret;
        if (entry.has("backend_password")) {
            backendSecret = secrets.plaintext(entry, "backend_password");
        } else {
            backendSecret = secret.filter(Secret::canLogInToBackend);
            if (secret.isPresent() && backendSecret.isEmpty()) {
                entry.problem("backend_password", "not set (expected: the backend password, since a password_hash "
                        + "can check clients but cannot log in to the backend)");
            }
        }
        if (name.isEmpty() || secret.isEmpty() || backendUser.isEmpty() || backendSecret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UserConfig(name.get(), secret.get(), backendUser.get(), backendSecret.get()));
    }

    private Optional<Secret> clientSecret(ConfigMapping entry) {
        boolean password = entry.has("password");
        boolean hash = entry.has("password_hash");
        if (password && hash) {
            entry.problemWithWhole("both password and password_hash (expected: one of them)");
            return Optional.empty();
        }
        if (!password && !hash) {
            entry.problemWithWhole("no password (expected: password: or password_hash:)");
            return Optional.empty();
        }
        return password ? secrets.plaintext(entry, "password") : secrets.nativePasswordHash(entry, "password_hash");
    }

    private static Optional<String> nonEmptyName(ConfigMapping entry, String key) {
        if (!entry.has(key)) {
            entry.problem(key, "not set (expected: a user name)");
            return Optional.empty();
        }
        return entry.text(key).filter(name -> {
            if (name.isEmpty()) {
                entry.problem(key, "\"\" (expected: a user name)");
            }
            return !name.isEmpty();
        });
    }

    /** {@code NAME:PASSWORD}; the flag's value is never shown, since a mistyped one may be just a password. */
    private Optional<UserConfig> fromFlag(String flag) {
        int colon = flag.indexOf(':');
        if (colon <= 0) {
            problems.add(new ConfigProblem(ConfigProblem.COMMAND_LINE, "--user",
                    "not NAME:PASSWORD (expected: a user name, a colon, then the password or ${ENV}; "
                            + "the value is not shown since it may hold a password)"));
            return Optional.empty();
        }
        String name = flag.substring(0, colon);
        String key = "--user " + name;
        ConfigMapping password = ConfigMapping.of(ConfigProblem.COMMAND_LINE, "",
                Map.of(key, flag.substring(colon + 1)), problems);
        return secrets.plaintext(password, key).map(secret -> UserConfig.sameOnBackend(name, secret));
    }
}
