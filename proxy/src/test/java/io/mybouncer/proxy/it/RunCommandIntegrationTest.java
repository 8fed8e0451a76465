package io.mybouncer.proxy.it;

import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN;
import static io.mybouncer.proxy.it.ConsoleConfigFile.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.cli.MybouncerCommand;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import sun.misc.Signal;

/**
 * {@code mybouncer run --config FILE} in this JVM: SIGHUP makes it read the file again, and the admin
 * console's SHUTDOWN ends the command with exit status 0.
 */
@ExtendWith(TestBackendExtension.class)
class RunCommandIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POOLS = """
            admin_users: [%s]
            pools:
              size: %d
              connect_timeout: 20s
            """;

    @TempDir
    Path directory;

    @Test
    void sighupReloadsTheFileAndShutdownEndsTheCommand(TestBackend backend) throws Exception {
        BackendAccount account = BackendAccount.forProxy(backend);
        ConsoleConfigFile file = new ConsoleConfigFile(directory, backend, account)
                .write("", POOLS.formatted(ADMIN, 2));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                new CommandLine(new MybouncerCommand()).execute("run", "--config", file.path().toString()));
        try {
            BoundedWait.until("the proxy serves the console", WAIT, () -> poolSize(file).equals("2"));

            file.write("", POOLS.formatted(ADMIN, 5));
            Signal.raise(new Signal("HUP"));

            BoundedWait.until("SIGHUP reloaded the file", WAIT, () -> poolSize(file).equals("5"));
            try (Connection admin = console(file); Statement statement = admin.createStatement()) {
                statement.execute("SHUTDOWN");
            }
            assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        } finally {
            if (!exit.isDone()) {
                try (Connection admin = console(file); Statement statement = admin.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
            }
        }
    }

    private static Connection console(ConsoleConfigFile file) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://" + RunningProxy.HOST + ":" + file.port() + "/mybouncer",
                ADMIN, ADMIN_PASSWORD);
    }

    /** {@code pools.size} as SHOW CONFIG shows it, or empty while the proxy does not answer yet. */
    private static String poolSize(ConsoleConfigFile file) {
        try (Connection admin = console(file); Statement statement = admin.createStatement();
                ResultSet config = statement.executeQuery("SHOW CONFIG")) {
            while (config.next()) {
                if (config.getString("key").equals("pools.size")) {
                    return config.getString("value");
                }
            }
            throw new AssertionError("SHOW CONFIG has no pools.size");
        } catch (SQLException notYet) {
            return "";
        }
    }
}
