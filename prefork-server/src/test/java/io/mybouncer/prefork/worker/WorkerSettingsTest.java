package io.mybouncer.prefork.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ServerStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The master writes a worker's command line and environment; the worker reads the same settings back. */
class WorkerSettingsTest {
    private static final CapabilitySet CAPABILITIES = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_DEPRECATE_EOF);
    private static final ServerSession SESSION = new ServerSession("10.11.19-MariaDB", 42, CAPABILITIES,
            CAPABILITIES, "mysql_native_password", false, new ServerStatus(ServerStatus.AUTOCOMMIT), new byte[0]);

    private static WorkerSettings readBack(WorkerSettings settings) {
        WorkerCommand command = new WorkerCommand(settings.environment());
        new CommandLine(command).parseArgs(settings.toArguments().toArray(String[]::new));
        return command.settings();
    }

    @Test
    void inheritedModeCarriesTheHandoverSocketAndTheSession() {
        WorkerSettings settings = new WorkerSettings("127.0.0.1", 8080, DbMode.INHERITED,
                new DbLogin(new ServerAddress.Tcp("db.internal", 3306), "app", "s3cret", "shop"),
                Duration.ofMillis(2500), Path.of("/tmp/prefork-handover-1/db.sock"), SESSION);

        assertThat(readBack(settings)).usingRecursiveComparison().isEqualTo(settings);
        assertThat(settings.toArguments()).doesNotContain("s3cret");
        assertThat(settings.environment()).containsExactly(Map.entry(WorkerSettings.PASSWORD_VARIABLE, "s3cret"));
    }

    @Test
    void perWorkerModeOverAUnixSocketWithoutPassword() {
        WorkerSettings settings = new WorkerSettings("::1", 0, DbMode.PER_WORKER,
                new DbLogin(new ServerAddress.Unix(Path.of("/run/mybouncer.sock")), "app", "", "shop"),
                Duration.ofSeconds(5), null, null);

        assertThat(readBack(settings)).usingRecursiveComparison().isEqualTo(settings);
        assertThat(settings.toArguments()).doesNotContain("--password-env", "--handover-socket");
        assertThat(settings.environment()).isEmpty();
    }

    @Test
    void theHandoverGoesWithInheritedModeOnly() {
        DbLogin db = new DbLogin(new ServerAddress.Tcp("db", 3306), "app", "", "shop");
        assertThatThrownBy(() -> new WorkerSettings("127.0.0.1", 0, DbMode.PER_WORKER, db, Duration.ofSeconds(1),
                Path.of("/tmp/x.sock"), SESSION)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only with it");
        assertThatThrownBy(() -> new WorkerSettings("127.0.0.1", 0, DbMode.INHERITED, db, Duration.ofSeconds(1),
                null, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
