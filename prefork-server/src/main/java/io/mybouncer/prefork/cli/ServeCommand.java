package io.mybouncer.prefork.cli;

import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.db.DbModeConverter;
import io.mybouncer.prefork.db.DbOptions;
import io.mybouncer.prefork.master.Arbiter;
import io.mybouncer.prefork.master.ServeSettings;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code prefork-server serve}: the master; runs until SIGTERM or Ctrl-C, then stops its workers. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the master and its workers, serving GET /q?id=N on one shared port.",
        footer = {"", "--db-mode inherited: the master logs in once and every worker uses that one socket"
            + " (the fork hazard).", "--db-mode per-worker: each worker connects after it starts (the fix).",
            "", "Ctrl-C or SIGTERM stops the workers, then the master. Exit status: 1 when the start failed,"
                + " 2 usage error."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port all workers share (default: ${DEFAULT-VALUE}; 0: any free port).")
    private int port;

    @Option(names = "--workers", defaultValue = "2", description = "Worker processes (default: ${DEFAULT-VALUE}).")
    private int workers;

    @Option(names = "--db-mode", required = true, converter = DbModeConverter.class, paramLabel = "inherited|per-worker",
            description = "How workers get their database connection.")
    private DbMode mode;

    @Mixin
    private DbOptions db;

    @Option(names = "--query-timeout-ms", defaultValue = "5000",
            description = "How long a worker waits for an answer before it gives its connection up"
                    + " (default: ${DEFAULT-VALUE}).")
    private long queryTimeoutMillis;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    ServeCommand() {
        this(System.getenv());
    }

    ServeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The settings the options describe; a usage error when they are out of range. */
    ServeSettings settings() {
        try {
            return new ServeSettings(host, port, workers, mode, db.login(environment),
                    Duration.ofMillis(queryTimeoutMillis));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws Exception {
        ServeSettings settings = settings();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Arbiter arbiter;
        try {
            arbiter = Arbiter.start(settings, System.err::println);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            spec.commandLine().getErr().println("prefork-server: could not start: "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
            spec.commandLine().getErr().flush();
            return 1;
        }
        try (arbiter) {
            spec.commandLine().getOut().printf("prefork-server: %d workers %s on http://%s:%d/q?id=1 (db-mode %s)%n",
                    settings.workers(), arbiter.workerPids(), settings.host(), arbiter.port(), settings.mode().option());
            spec.commandLine().getOut().flush();
            // Ctrl-C and SIGTERM run the hook, which lets this thread stop the workers and waits for it.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped);
            }, "prefork-server-shutdown"));
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
