package io.mybouncer.proxy.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the admin console's settings: the file's {@code admin_users} list, replaced as a whole by the
 * {@code --admin-user NAME} flags when any is given, and {@code shutdown_timeout}. In configured mode
 * an admin must be one of the configured users, so a typo cannot leave the console without the
 * admin it was meant to have; in passthrough any name is taken, since the backend knows the accounts.
 */
final class AdminReader {
    private final List<ConfigProblem> problems;

    AdminReader(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    AdminSettings read(ConfigMapping root, List<String> flagNames, AuthMode auth, List<UserConfig> users) {
        Duration shutdownTimeout = root.duration("shutdown_timeout", true)
                .orElse(AdminSettings.defaults().shutdownTimeout());
        List<String> fileNames = root.texts("admin_users").orElse(List.of());
        List<String> admins = new ArrayList<>();
        for (int i = 0; i < fileNames.size(); i++) {
            check(fileNames.get(i), root.source(), root.keyPath("admin_users") + "[" + i + "]", admins, auth, users);
        }
        if (!flagNames.isEmpty()) {
            admins.clear();
            for (String name : flagNames) {
                check(name, ConfigProblem.COMMAND_LINE, "--admin-user " + name, admins, auth, users);
            }
        }
        return new AdminSettings(admins, shutdownTimeout);
    }

    /** Adds {@code name} to {@code admins} when it is a user that can be one, else records why not. */
    private void check(String name, String source, String key, List<String> admins, AuthMode auth,
            List<UserConfig> users) {
        if (name.isEmpty()) {
            problems.add(new ConfigProblem(source, key, "\"\" (expected: a user name)"));
        } else if (admins.contains(name)) {
            problems.add(new ConfigProblem(source, key, ConfigMapping.show(name)
                    + " appears twice (expected: each admin once)"));
        } else if (auth == AuthMode.CONFIGURED && !users.isEmpty()
                && users.stream().noneMatch(user -> user.name().equals(name))) {
            problems.add(new ConfigProblem(source, key, ConfigMapping.show(name) + " is not a configured user"
                    + " (expected: one of " + users.stream().map(UserConfig::name).collect(Collectors.joining(", "))
                    + "; an admin logs in with its password)"));
        } else {
            admins.add(name);
        }
    }
}
