package io.mybouncer.proxy.cli;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.load.LoadDriver;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.prefork.master.Arbiter;
import io.mybouncer.prefork.master.ServeSettings;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The demo's experiment: the prefork server (a master in this JVM, worker JVMs started from this
 * JVM's classpath, so from {@code mybouncer.jar} too) runs the seed experiment once per
 * configuration, each with its own workers, one after the other.
 */
final class ForkExperiment {
    static final int WORKERS = 2;
    private static final String HOST = "127.0.0.1";
    /** Short: with an inherited connection some answers never come (another worker read them). */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

    /**
     * One way for the workers to reach the database.
     *
     * @param label what the table calls it
     * @param db    the database, or mybouncer in front of it
     */
    record Configuration(String label, DbMode mode, DbLogin db) {
    }

    /** What the load driver counted for one configuration. */
    record Result(Configuration configuration, LoadReport report) {
    }

    private final PrintWriter out;
    private final PrintWriter err;

    ForkExperiment(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs every configuration in turn, saying which one runs.
     *
     * @param backend the database server itself, whose connection count is sampled during each run
     */
    List<Result> run(List<Configuration> configurations, DbLogin backend) throws Exception {
        List<Result> results = new ArrayList<>();
        for (Configuration configuration : configurations) {
            out.printf("  running: %s ...%n", configuration.label());
            out.flush();
            results.add(new Result(configuration, runOne(configuration, backend)));
        }
        return results;
    }

    /** Starts the workers, sends the requests, stops the workers. Their output is shown only if they fail to start. */
    private LoadReport runOne(Configuration configuration, DbLogin backend) throws Exception {
        List<String> workerOutput = Collections.synchronizedList(new ArrayList<>());
        Arbiter arbiter;
        try {
            arbiter = Arbiter.start(new ServeSettings(HOST, 0, WORKERS, configuration.mode(), configuration.db(),
                    QUERY_TIMEOUT), workerOutput::add);
        } catch (Exception e) {
            synchronized (workerOutput) {
                workerOutput.forEach(err::println);
            }
            err.flush();
            throw e;
        }
        try (arbiter) {
            return LoadDriver.run(LoadPlan.seedExperiment(URI.create("http://" + HOST + ":" + arbiter.port())),
                    backend);
        }
    }
}
