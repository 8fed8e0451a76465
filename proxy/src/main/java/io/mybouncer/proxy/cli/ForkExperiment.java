package io.mybouncer.proxy.cli;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.load.LoadDriver;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.prefork.master.Arbiter;
import io.mybouncer.prefork.master.ServeSettings;
import io.mybouncer.proxy.frontend.ProxyError;
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
    private static final Duration INHERITED_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** Long: with a connection each every answer comes, if late on a busy machine. */
    private static final Duration PER_WORKER_QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    /**
     * One way for the workers to reach the database.
     *
     * @param label            what the table calls it
     * @param db               the database, or mybouncer in front of it
     * @param throughMybouncer whether {@code db} is mybouncer (running in this JVM)
     */
    record Configuration(String label, DbMode mode, DbLogin db, boolean throughMybouncer) {
    }

    /**
     * What the load driver counted for one configuration.
     *
     * @param forkHazardErrors how many ERR 1184 mybouncer sent during the run: what its fork-hazard
     *                         detection did (0 when not through mybouncer)
     */
    record Result(Configuration configuration, LoadReport report, long forkHazardErrors) {
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
            long errorsBefore = ProxyError.FORK_HAZARD.sentCount();
            LoadReport report = runOne(configuration, backend);
            results.add(new Result(configuration, report, ProxyError.FORK_HAZARD.sentCount() - errorsBefore));
        }
        return results;
    }

    /** Starts the workers, sends the requests, stops the workers. Their output is shown only if they fail to start. */
    private LoadReport runOne(Configuration configuration, DbLogin backend) throws Exception {
        List<String> workerOutput = Collections.synchronizedList(new ArrayList<>());
        Arbiter arbiter;
        try {
            Duration queryTimeout = switch (configuration.mode()) {
                case INHERITED -> INHERITED_QUERY_TIMEOUT;
                case PER_WORKER -> PER_WORKER_QUERY_TIMEOUT;
            };
            arbiter = Arbiter.start(new ServeSettings(HOST, 0, WORKERS, configuration.mode(), configuration.db(),
                    queryTimeout), workerOutput::add);
        } catch (Exception e) {
            synchronized (workerOutput) {
                workerOutput.forEach(err::println);
            }
            err.flush();
            throw e;
        }
        try (arbiter) {
            return LoadDriver.run(LoadPlan.seedExperiment(URI.create("http://" + HOST + ":" + arbiter.port()),
                    REQUEST_TIMEOUT), backend);
        }
    }
}
