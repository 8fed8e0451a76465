package io.mybouncer.prefork.worker;

import io.mybouncer.prefork.OneLineLogging;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.db.DbModeConverter;
import io.mybouncer.prefork.db.DbOptions;
import io.mybouncer.prefork.handover.InheritedSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The worker process's entry point. Not for people: the master starts it with the arguments
 * {@link WorkerSettings#toArguments()} writes, stdin a pipe from the master and stdout read by it.
 */
@Command(name = "prefork-worker", description = "A prefork-server worker process (started by the master).")
public final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--host", required = true)
    private String host;

    @Option(names = "--port", required = true)
    private int port;

    @Option(names = "--db-mode", required = true, converter = DbModeConverter.class)
    private DbMode mode;

    @Mixin
    private DbOptions db;

    @Option(names = "--query-timeout-ms", required = true)
    private long queryTimeoutMillis;

    @Option(names = "--handover-socket")
    private Path handoverSocket;

    @Option(names = "--inherited-session")
    private String inheritedSession;

    private final Map<String, String> environment;

    WorkerCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        OneLineLogging.install();
        System.exit(new CommandLine(new WorkerCommand(System.getenv())).execute(args));
    }

    /** The settings the arguments describe. */
    WorkerSettings settings() {
        return new WorkerSettings(host, port, mode, db.login(environment), Duration.ofMillis(queryTimeoutMillis),
                handoverSocket, inheritedSession == null ? null : InheritedSession.parse(inheritedSession));
    }

    @Override
    public Integer call() throws Exception {
        Worker.run(settings(), System.in, System.out);
        return 0;
    }
}
