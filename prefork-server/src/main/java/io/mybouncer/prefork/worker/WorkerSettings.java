package io.mybouncer.prefork.worker;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.db.ServerAddressConverter;
import io.mybouncer.prefork.handover.InheritedSession;
import io.mybouncer.protocol.client.ServerSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one worker process is told by its master, and how it is told: {@link #toArguments()} is
 * the command line {@link WorkerCommand} reads back, and {@link #environment()} carries the
 * password, which never goes on a command line.
 *
 * @param port           the shared port; 0 lets the first worker pick one for the rest
 * @param handoverSocket where to fetch the inherited database socket; {@code null} unless inherited
 * @param inheritedSession the master's login on that socket; {@code null} unless inherited
 */
public record WorkerSettings(String host, int port, DbMode mode, DbLogin db, Duration queryTimeout,
        Path handoverSocket, ServerSession inheritedSession) {
    /** The worker's environment variable for the database password. */
    public static final String PASSWORD_VARIABLE = "PREFORK_DB_PASSWORD";

    public WorkerSettings {
        boolean inherited = mode == DbMode.INHERITED;
        if (inherited != (handoverSocket != null) || inherited != (inheritedSession != null)) {
            throw new IllegalArgumentException("a handover socket and an inherited session go with --db-mode "
                    + DbMode.INHERITED.option() + ", and only with it (mode " + mode.option() + ")");
        }
    }

    public WorkerSettings withPort(int newPort) {
        return new WorkerSettings(host, newPort, mode, db, queryTimeout, handoverSocket, inheritedSession);
    }

    public List<String> toArguments() {
        List<String> arguments = new ArrayList<>(List.of(
                "--host", host,
                "--port", Integer.toString(port),
                "--db-mode", mode.option(),
                "--db", ServerAddressConverter.format(db.address()),
                "--user", db.user(),
                "--database", db.database(),
                "--query-timeout-ms", Long.toString(queryTimeout.toMillis())));
        if (!db.password().isEmpty()) {
            arguments.addAll(List.of("--password-env", PASSWORD_VARIABLE));
        }
        if (mode == DbMode.INHERITED) {
            arguments.addAll(List.of("--handover-socket", handoverSocket.toString(),
                    "--inherited-session", InheritedSession.format(inheritedSession)));
        }
        return arguments;
    }

    /** Variables to add to the worker's environment. */
    public Map<String, String> environment() {
        return db.password().isEmpty() ? Map.of() : Map.of(PASSWORD_VARIABLE, db.password());
    }
}
