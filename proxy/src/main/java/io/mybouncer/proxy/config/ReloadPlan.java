package io.mybouncer.proxy.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a RELOAD does with a freshly loaded configuration: the configuration to run with from now on
 * (the loaded one, but every setting that needs a restart keeps its running value), the changed
 * settings it applies, and the changed settings that wait for a restart. Built from
 * {@link SettingList}, which decides what is reloadable.
 *
 * @param effective   the configuration in force after the reload
 * @param applied     changed settings that take effect now, with their new values; a removed user
 *                    shows the value {@code removed}
 * @param needRestart changed settings that do not, with the values that will take effect at the next start
 */
public record ReloadPlan(ProxyConfig effective, List<Setting> applied, List<Setting> needRestart) {
    public ReloadPlan {
        Objects.requireNonNull(effective, "effective");
        applied = List.copyOf(applied);
        needRestart = List.copyOf(needRestart);
    }

    /**
     * @param source the file the configuration came from, for the problem that refuses a change of
     *               the authentication mode
     * @throws ConfigException when {@code loaded} changes the authentication mode: users and pools
     *                         mean different things in each, so nothing is applied until a restart
     */
    public static ReloadPlan of(ProxyConfig running, ProxyConfig loaded, String source) throws ConfigException {
        if (running.auth() != loaded.auth()) {
            throw new ConfigException(List.of(new ConfigProblem(source, "auth", lower(loaded.auth()) + " (expected: "
                    + lower(running.auth()) + ", as running; another authentication mode needs a restart, so"
                    + " nothing was reloaded)")));
        }
        PoolSettings pools = new PoolSettings(running.pools().mode(), loaded.pools().size(), loaded.pools().minIdle(),
                loaded.pools().maxClientConnections(), loaded.pools().acquireTimeout(), loaded.pools().idleTimeout(),
                loaded.pools().maxLifetime(), running.pools().connectTimeout(), loaded.pools().validationInterval(),
                running.pools().statementCacheSize());
        ClientSettings clients = new ClientSettings(loaded.clients().loginTimeout(),
                running.clients().maxPacketSize(), loaded.clients().localInfile());
        ProxyConfig effective = new ProxyConfig(running.listeners(), running.backend(), running.auth(), loaded.users(),
                pools, running.clientTls(), running.http(), clients, running.threads(), running.forkSafety(),
                loaded.admin());

        Map<String, Setting> before = byKey(running);
        List<Setting> applied = new ArrayList<>();
        List<Setting> needRestart = new ArrayList<>();
        for (Setting setting : SettingList.of(loaded)) {
            Setting old = before.remove(setting.key());
            if (old != null && old.value().equals(setting.value()) && !userChanged(running, loaded, setting.key())) {
                continue;
            }
            (setting.reloadable() ? applied : needRestart).add(setting);
        }
        before.values().forEach(gone -> applied.add(new Setting(gone.key(), "removed", true)));
        return new ReloadPlan(effective, applied, needRestart);
    }

    private static String lower(AuthMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Setting> byKey(ProxyConfig config) {
        Map<String, Setting> settings = new LinkedHashMap<>();
        SettingList.of(config).forEach(setting -> settings.put(setting.key(), setting));
        return settings;
    }

    /** A user whose secrets changed shows the same masked value, so users are compared whole. */
    private static boolean userChanged(ProxyConfig running, ProxyConfig loaded, String key) {
        if (!key.startsWith("users.")) {
            return false;
        }
        String name = key.substring("users.".length());
        Optional<UserConfig> before = running.user(name);
        return !before.equals(loaded.user(name));
    }
}
