package io.mybouncer.proxy.ops;

import static io.mybouncer.proxy.ops.OpsFiles.OPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.ProxyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ops/systemd/mybouncer.service}: the hardening options are set (and MemoryDenyWriteExecute,
 * which the JIT cannot live with, is not), and the unit agrees with {@code ops/systemd/mybouncer.yaml}
 * on the credential, the socket's directory and the configuration's path.
 */
class SystemdUnitTest {
    private static final Path UNIT = OPS.resolve("systemd/mybouncer.service");
    private static final Path CONFIG = OPS.resolve("systemd/mybouncer.yaml");
    /**
     * How the shell in ExecStart turns credential NAME into variable VAR:
     * {@code VAR="$$(cat "$$CREDENTIALS_DIRECTORY/NAME")"} ({@code $$} is systemd's escape for {@code $}).
     */
    private static final Pattern CREDENTIAL_TO_VARIABLE =
            Pattern.compile("(\\w+)=\"\\$\\$\\(cat \"\\$\\$CREDENTIALS_DIRECTORY/([\\w-]+)\"\\)\"");

    /** Every KEY=VALUE line, values in order (a key may repeat); comments and [Section] lines left out. */
    private static Map<String, List<String>> settings;

    @BeforeAll
    static void parse() throws Exception {
        settings = new LinkedHashMap<>();
        for (String line : Files.readAllLines(UNIT)) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";") || trimmed.startsWith("[")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            assertThat(equals).as("%s: %s (expected: Key=value)", UNIT, line).isPositive();
            settings.computeIfAbsent(trimmed.substring(0, equals), key -> new ArrayList<>())
                    .add(trimmed.substring(equals + 1));
        }
    }

    private static String value(String key) {
        assertThat(settings).as("%s in %s", key, UNIT).containsKey(key);
        assertThat(settings.get(key)).as(key).hasSize(1);
        return settings.get(key).get(0);
    }

    @Test
    void hardeningOptionsAreSet() {
        assertThat(value("NoNewPrivileges")).isEqualTo("yes");
        assertThat(value("ProtectSystem")).isEqualTo("strict");
        assertThat(value("ProtectHome")).isEqualTo("yes");
        assertThat(value("PrivateTmp")).isEqualTo("yes");
        assertThat(value("CapabilityBoundingSet")).as("no capabilities").isEmpty();
        assertThat(value("RestrictAddressFamilies")).isEqualTo("AF_INET AF_INET6 AF_UNIX AF_NETLINK");
        assertThat(value("SystemCallFilter")).isEqualTo("@system-service");
        assertThat(value("User")).isEqualTo("mybouncer");
        assertThat(settings).as("the JVM's JIT writes code it then runs").doesNotContainKey("MemoryDenyWriteExecute");
    }

    @Test
    void reloadSendsSighupToTheMainProcess() {
        assertThat(value("ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
    }

    @Test
    void theCredentialBecomesTheVariableTheConfigurationNames() throws Exception {
        String start = value("ExecStart");
        Matcher credential = CREDENTIAL_TO_VARIABLE.matcher(start);

        assertThat(credential.find()).as("ExecStart reads a credential: %s", start).isTrue();
        assertThat(value("LoadCredential")).startsWith(credential.group(2) + ":/");
        ProxyConfig config = OpsFiles.proxyConfig(CONFIG, Map.of(credential.group(1), "from-the-credential"));
        assertThat(config.users()).isNotEmpty();
        assertThat(start).contains("exec /opt/mybouncer/bin/mybouncer run --config /etc/mybouncer/"
                + CONFIG.getFileName());
    }

    @Test
    void theSocketLivesInTheRuntimeDirectory() throws Exception {
        ProxyConfig config = OpsFiles.proxyConfig(CONFIG, Map.of("APP_DB_PASSWORD", "x"));
        Path runtimeDirectory = Path.of("/run", value("RuntimeDirectory"));

        assertThat(config.listeners()).filteredOn(ListenerConfig.UnixSocket.class::isInstance)
                .extracting(listener -> ((ListenerConfig.UnixSocket) listener).path().getParent())
                .as("not /tmp, which PrivateTmp makes private to the service").containsExactly(runtimeDirectory);
        assertThat(config.http()).as("metrics on loopback").hasValueSatisfying(http ->
                assertThat(http.host()).isEqualTo("127.0.0.1"));
    }
}
