package io.mybouncer.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What RELOAD applies, what waits for a restart, and what the proxy runs with afterwards. */
class ReloadPlanTest {
    private static final UserConfig APP = UserConfig.sameOnBackend("app", Secret.plaintext("app-password"));
    private static final UserConfig OPS = UserConfig.sameOnBackend("ops", Secret.plaintext("ops-password"));
    private static final ProxyConfig RUNNING = config(List.of(APP, OPS), PoolSettings.defaults(), 2,
            new AdminSettings(List.of("ops"), Duration.ofSeconds(30)));

    private static ProxyConfig config(List<UserConfig> users, PoolSettings pools, int threads, AdminSettings admin) {
        return new ProxyConfig(List.of(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP)),
                BackendConfig.of(new HostPort("db", 3306)), AuthMode.CONFIGURED, users, pools, Optional.empty(),
                Optional.empty(), ClientSettings.defaults(), threads, ForkSafetyPolicy.REJECT, admin);
    }

    private static PoolSettings pools(int size, PoolMode mode, Duration connectTimeout) {
        PoolSettings base = PoolSettings.defaults();
        return new PoolSettings(mode, size, base.minIdle(), base.maxClientConnections(), base.acquireTimeout(),
                base.idleTimeout(), base.maxLifetime(), connectTimeout, base.validationInterval());
    }

    @Test
    void theSameConfigurationChangesNothing() throws ConfigException {
        ReloadPlan plan = ReloadPlan.of(RUNNING, RUNNING, "mybouncer.yaml");

        assertThat(plan.applied()).isEmpty();
        assertThat(plan.needRestart()).isEmpty();
        assertThat(plan.effective()).isEqualTo(RUNNING);
    }

    @Test
    void reloadableChangesApplyAndTheOthersKeepTheirRunningValue() throws ConfigException {
        UserConfig newApp = UserConfig.sameOnBackend("app", Secret.plaintext("changed-password"));
        UserConfig reports = UserConfig.sameOnBackend("reports", Secret.plaintext("reports-password"));
        ProxyConfig loaded = config(List.of(newApp, reports),
                pools(50, PoolMode.TRANSACTION, Duration.ofSeconds(1)), 8,
                new AdminSettings(List.of("reports"), Duration.ofSeconds(5)));

        ReloadPlan plan = ReloadPlan.of(RUNNING, loaded, "mybouncer.yaml");

        assertThat(plan.applied()).containsExactly(
                new Setting("users.app", "password ***", true),
                new Setting("users.reports", "password ***", true),
                new Setting("admin_users", "reports", true),
                new Setting("pools.size", "50", true),
                new Setting("shutdown_timeout", "5s", true),
                new Setting("users.ops", "removed", true));
        assertThat(plan.needRestart()).containsExactly(
                new Setting("pools.mode", "transaction", false),
                new Setting("pools.connect_timeout", "1s", false),
                new Setting("threads", "8", false));
        ProxyConfig effective = plan.effective();
        assertThat(effective.users()).containsExactly(newApp, reports);
        assertThat(effective.admin()).isEqualTo(loaded.admin());
        assertThat(effective.pools()).isEqualTo(pools(50, PoolMode.SESSION, PoolSettings.defaults().connectTimeout()));
        assertThat(effective.threads()).isEqualTo(2);
    }

    @Test
    void anotherAuthenticationModeIsRefusedWhole() {
        ProxyConfig passthrough = new ProxyConfig(RUNNING.listeners(), RUNNING.backend(), AuthMode.PASSTHROUGH,
                List.of(), RUNNING.pools(), Optional.empty(), Optional.empty(), RUNNING.clients(), 2,
                ForkSafetyPolicy.REJECT, AdminSettings.defaults());

        assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ReloadPlan.of(RUNNING, passthrough, "mybouncer.yaml"))
                .satisfies(e -> assertThat(e.problems()).containsExactly(new ConfigProblem("mybouncer.yaml", "auth",
                        "passthrough (expected: configured, as running; another authentication mode needs a restart,"
                                + " so nothing was reloaded)")));
    }

    @Test
    void settingsShowNoSecret() {
        UserConfig hashed = new UserConfig("reports", Secret.nativePasswordHash(
                "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"), "reports_ro", Secret.plaintext("backend-secret"));
        List<Setting> settings = SettingList.of(config(List.of(APP, hashed), PoolSettings.defaults(), 1,
                AdminSettings.defaults()));

        assertThat(settings).contains(new Setting("users.app", "password ***", true), new Setting("users.reports",
                "password_hash ***, backend_user reports_ro, backend_password ***", true));
        assertThat(settings.toString()).doesNotContain("app-password", "backend-secret", "2470C0C0");
        assertThat(settings).extracting(Setting::key).doesNotHaveDuplicates();
    }
}
