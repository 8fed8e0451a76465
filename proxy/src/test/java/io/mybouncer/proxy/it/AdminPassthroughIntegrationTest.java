package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin console under {@code auth: passthrough}: an admin is any backend account named in
 * {@code admin_users}, its password checked by the backend (without the schema {@code mybouncer},
 * which the backend does not have); another account is refused every command.
 */
@ExtendWith(TestBackendExtension.class)
class AdminPassthroughIntegrationTest {
    private static final String OTHER = "mybouncer_console_other";
    private static final String OTHER_PASSWORD = "console-other-password";

    @TempDir
    static Path directory;
    private static RunningProxy proxy;

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        try (Connection root = backend.connectAsAdmin(); Statement statement = root.createStatement()) {
            statement.execute("CREATE USER IF NOT EXISTS '" + OTHER + "'@'%' IDENTIFIED BY '" + OTHER_PASSWORD + "'");
            // An account left by an older run against an external server may have another password.
            statement.execute("ALTER USER '" + OTHER + "'@'%' IDENTIFIED BY '" + OTHER_PASSWORD + "'");
        }
        BackendAccount account = BackendAccount.forProxy(backend);
        ConsoleConfigFile file = new ConsoleConfigFile(directory, backend, account).writePassthrough("""
                admin_users: [%s]
                pools:
                  connect_timeout: 20s
                """.formatted(account.user()));
        proxy = RunningProxy.start(file.source(), account);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void anAdminsPasswordIsCheckedByTheBackend() throws Exception {
        MariaDbCli.Result version = MariaDbCli.tcp(proxy, proxy.user(), proxy.password(), "SHOW VERSION", "mybouncer");
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.rows()).singleElement()
                .satisfies(row -> assertThat(row.get("version")).startsWith("mybouncer"));

        MariaDbCli.Result wrong = MariaDbCli.tcp(proxy, proxy.user(), "not-the-password", "SHOW VERSION", "mybouncer");
        assertThat(wrong.output()).contains("ERROR 1045 (28000)");
    }

    @Test
    void anotherAccountIsRefusedEveryCommand() throws Exception {
        MariaDbCli.Result refused = MariaDbCli.tcp(proxy, OTHER, OTHER_PASSWORD, "SHOW POOLS", "mybouncer");

        assertThat(refused.exitCode()).isOne();
        assertThat(refused.output()).contains("ERROR 1227 (42000)").contains("'" + OTHER + "' is not in admin_users");
    }
}
