package io.mybouncer.prefork.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.master.ServeSettings;
import io.mybouncer.protocol.client.ServerAddress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("APP_PASSWORD", "s3cret");

    private final StringWriter err = new StringWriter();

    private CommandLine commandLine(ServeCommand command) {
        return new CommandLine(command).setErr(new PrintWriter(err, true));
    }

    @Test
    void turnsOptionsIntoSettingsWithDefaults() {
        ServeCommand command = new ServeCommand(ENVIRONMENT);
        commandLine(command).parseArgs("--db-mode", "inherited", "--db", "127.0.0.1:3306", "--user", "app",
                "--password-env", "APP_PASSWORD", "--database", "shop");

        assertThat(command.settings()).isEqualTo(new ServeSettings("127.0.0.1", 8080, 2, DbMode.INHERITED,
                new DbLogin(new ServerAddress.Tcp("127.0.0.1", 3306), "app", "s3cret", "shop"), Duration.ofSeconds(5)));
    }

    @Test
    void takesEveryOption() {
        ServeCommand command = new ServeCommand(ENVIRONMENT);
        commandLine(command).parseArgs("--host", "0.0.0.0", "--port", "0", "--workers", "4", "--db-mode", "per-worker",
                "--db", "unix:/run/mybouncer.sock", "--user", "app", "--database", "shop", "--query-timeout-ms", "250");

        assertThat(command.settings()).isEqualTo(new ServeSettings("0.0.0.0", 0, 4, DbMode.PER_WORKER,
                new DbLogin(new ServerAddress.Unix(Path.of("/run/mybouncer.sock")), "app", "", "shop"),
                Duration.ofMillis(250)));
    }

    @Test
    void aWorkerCountOutOfRangeIsAUsageErrorNamingIt() {
        int status = commandLine(new ServeCommand(ENVIRONMENT)).execute("--workers", "0", "--db-mode", "inherited",
                "--db", "127.0.0.1:3306", "--user", "app", "--database", "shop");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--workers: 0 (expected: 1..64)");
    }

    @Test
    void aMissingPasswordVariableIsAUsageErrorNamingIt() {
        int status = commandLine(new ServeCommand(Map.of())).execute("--db-mode", "per-worker", "--db", "127.0.0.1:3306",
                "--user", "app", "--password-env", "APP_PASSWORD", "--database", "shop");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--password-env: environment variable 'APP_PASSWORD' is not set");
    }

    @Test
    void aBadModeOrAddressIsAUsageError() {
        assertThat(commandLine(new ServeCommand(ENVIRONMENT)).execute("--db-mode", "shared", "--db", "127.0.0.1:3306",
                "--user", "app", "--database", "shop")).isEqualTo(2);
        assertThat(err.toString()).contains("'shared' (expected: inherited or per-worker)");
        assertThat(commandLine(new ServeCommand(ENVIRONMENT)).execute("--db-mode", "inherited", "--db", "localhost",
                "--user", "app", "--database", "shop")).isEqualTo(2);
        assertThat(err.toString()).contains("'localhost': expected host:port or unix:PATH");
    }

    @Test
    void theRootCommandListsItsSubcommands() {
        StringWriter out = new StringWriter();
        int status = new CommandLine(new PreforkServerCommand()).setOut(new PrintWriter(out, true)).execute();
        assertThat(status).isZero();
        assertThat(out.toString()).contains("serve", "load", "seed");
    }
}
