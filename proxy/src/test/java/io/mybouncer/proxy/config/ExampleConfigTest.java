package io.mybouncer.proxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.TlsMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The annotated example under {@code ops/config/} is a valid configuration and shows the defaults. */
class ExampleConfigTest {
    /** Surefire runs in the module directory; the example lives at the repository root. */
    private static final Path EXAMPLE = Path.of("..", "ops", "config", "mybouncer.example.yaml");

    @Test
    void exampleLoadsAndItsValuesAreTheDefaults() throws ConfigException {
        assertThat(EXAMPLE).isRegularFile();
        ProxyConfig config = new ConfigLoader(Map.of("APP_DB_PASSWORD", "a", "REPORTS_BACKEND_PASSWORD", "b"))
                .load(Optional.of(EXAMPLE), ConfigOverrides.none());

        assertThat(config.pools()).isEqualTo(PoolSettings.defaults());
        assertThat(config.clients()).isEqualTo(ClientSettings.defaults());
        assertThat(config.listeners()).startsWith(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP));
        assertThat(config.backend().tls()).isEqualTo(TlsMode.PREFERRED);
        assertThat(config.backend().address().port()).isEqualTo(BackendConfig.DEFAULT_PORT);
        assertThat(config.auth()).isEqualTo(AuthMode.CONFIGURED);
        assertThat(config.users()).extracting(UserConfig::name).containsExactly("app", "reports");
        assertThat(config.user("reports").orElseThrow().secret().form()).isEqualTo(Secret.Form.NATIVE_PASSWORD_HASH);
        assertThat(config.admin().users()).containsExactly("app");
        assertThat(config.admin().shutdownTimeout()).isEqualTo(AdminSettings.defaults().shutdownTimeout());
    }

    @Test
    void everySettingTheLoaderKnowsAppearsInTheExample() throws Exception {
        String example = Files.readString(EXAMPLE);
        for (String key : new String[] {"listeners:", "tcp:", "unix:", "mode:", "backend:", "host:", "port:", "tls:",
            "ca:", "auth:", "users:", "name:", "password:", "password_hash:", "backend_user:", "backend_password:",
            "pools:", "size:", "min_idle:", "max_client_connections:", "acquire_timeout:", "idle_timeout:",
            "max_lifetime:", "connect_timeout:", "validation_interval:", "client_tls:", "certificate:", "key:",
            "http:", "clients:", "login_timeout:", "max_packet_size:", "local_infile:", "threads:", "fork_safety:",
            "admin_users:", "shutdown_timeout:"}) {
            assertThat(example).as(key).contains(key);
        }
    }
}
