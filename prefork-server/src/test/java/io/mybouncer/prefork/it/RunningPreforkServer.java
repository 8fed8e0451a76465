package io.mybouncer.prefork.it;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.master.Arbiter;
import io.mybouncer.prefork.master.ServeSettings;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A prefork server (master in this JVM, two worker JVMs) on a free loopback port, in front of any
 * database address: the MariaDB fixture directly, or a mybouncer listener (TCP or Unix socket) in
 * front of it. Keeps what the workers print, so a test can look for leak reports in it. Public, in
 * this module's test-jar, for the proxy's end-to-end tests.
 */
public final class RunningPreforkServer implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final int WORKERS = 2;

    private final Arbiter arbiter;
    private final List<String> workerOutput;

    private RunningPreforkServer(Arbiter arbiter, List<String> workerOutput) {
        this.arbiter = arbiter;
        this.workerOutput = workerOutput;
    }

    /**
     * Starts the master and its workers; returns once every worker serves.
     *
     * @param queryTimeout how long a worker waits for a database answer: short in inherited mode,
     *                     where answers go missing, so the test ends soon after
     */
    public static RunningPreforkServer start(DbMode mode, DbLogin db, Duration queryTimeout) throws Exception {
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Arbiter arbiter = Arbiter.start(new ServeSettings(HOST, 0, WORKERS, mode, db, queryTimeout), line -> {
            output.add(line);
            System.err.println(line);
        });
        return new RunningPreforkServer(arbiter, output);
    }

    public URI url() {
        return URI.create("http://" + HOST + ":" + arbiter.port());
    }

    public List<Long> workerPids() {
        return arbiter.workerPids();
    }

    /** Every line the workers printed so far, prefixed with their pid. */
    public List<String> workerOutput() {
        synchronized (workerOutput) {
            return List.copyOf(workerOutput);
        }
    }

    @Override
    public void close() throws IOException {
        arbiter.close();
    }
}
