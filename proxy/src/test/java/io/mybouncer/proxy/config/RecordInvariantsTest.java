package io.mybouncer.proxy.config;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mybouncer.protocol.client.TlsMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The records refuse impossible values even when built by code rather than by the loader. */
class RecordInvariantsTest {
    private static final PoolSettings DEFAULTS = PoolSettings.defaults();

    @Test
    void poolSettingsRefuseImpossibleSizesAndDurations() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PoolSettings(PoolMode.SESSION, 0, 0, 1,
                DEFAULTS.acquireTimeout(), DEFAULTS.idleTimeout(), DEFAULTS.maxLifetime(), DEFAULTS.connectTimeout(),
                DEFAULTS.validationInterval()));
        assertThatIllegalArgumentException().isThrownBy(() -> new PoolSettings(PoolMode.SESSION, 2, 3, 1,
                DEFAULTS.acquireTimeout(), DEFAULTS.idleTimeout(), DEFAULTS.maxLifetime(), DEFAULTS.connectTimeout(),
                DEFAULTS.validationInterval()));
        assertThatIllegalArgumentException().isThrownBy(() -> new PoolSettings(PoolMode.SESSION, 2, 0, 1,
                Duration.ZERO, DEFAULTS.idleTimeout(), DEFAULTS.maxLifetime(), DEFAULTS.connectTimeout(),
                DEFAULTS.validationInterval())).withMessageStartingWith("acquireTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> new PoolSettings(PoolMode.SESSION, 2, 0, 1,
                DEFAULTS.acquireTimeout(), DEFAULTS.idleTimeout(), DEFAULTS.maxLifetime(), DEFAULTS.connectTimeout(),
                Duration.ofSeconds(-1))).withMessageStartingWith("validationInterval");
    }

    @Test
    void backendCaGoesWithVerifyCaOnly() {
        HostPort db = new HostPort("db", 3306);
        assertThatIllegalArgumentException().isThrownBy(() -> new BackendConfig(db, TlsMode.VERIFY_CA, Optional.empty()));
        assertThatIllegalArgumentException().isThrownBy(() ->
                new BackendConfig(db, TlsMode.REQUIRED, Optional.of(Path.of("ca.pem"))));
    }

    @Test
    void listenersAndUsersAreChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ListenerConfig.UnixSocket(Path.of("s"), 01000));
        assertThatIllegalArgumentException().isThrownBy(() ->
                new ListenerConfig.UnixSocket(Path.of("/" + "x".repeat(107)), 0660));
        UserConfig app = UserConfig.sameOnBackend("app", Secret.plaintext("x"));
        BackendConfig backend = BackendConfig.of(new HostPort("db", 3306));
        assertThatIllegalArgumentException().isThrownBy(() -> new ProxyConfig(List.of(), backend, AuthMode.CONFIGURED,
                List.of(app), DEFAULTS, Optional.empty(), Optional.empty(), ClientSettings.defaults(), 1, ForkSafetyPolicy.REJECT,
                AdminSettings.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ProxyConfig(
                List.of(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP)), backend, AuthMode.CONFIGURED,
                List.of(app, app), DEFAULTS, Optional.empty(), Optional.empty(), ClientSettings.defaults(), 1, ForkSafetyPolicy.REJECT,
                AdminSettings.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ProxyConfig(
                List.of(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP)), backend, AuthMode.CONFIGURED,
                List.of(app), DEFAULTS, Optional.empty(), Optional.empty(), ClientSettings.defaults(), 0, ForkSafetyPolicy.REJECT,
                AdminSettings.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ClientSettings(Duration.ofSeconds(1), 1023, false));
        assertThatIllegalArgumentException().isThrownBy(() -> new AdminSettings(List.of("app"), Duration.ofSeconds(-1)));
    }
}
