package io.mybouncer.proxy.it;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts, every few milliseconds for as long as it runs, the connections MariaDB has open for the
 * torture test's account (its process list, seen through an administrator's direct connection), and
 * keeps the highest count: what the proxy really holds, whatever its own statistics say.
 */
final class BackendConnectionSampler implements AutoCloseable {
    /** Often enough to catch a connection that lives for a few statements. */
    private static final long PERIOD_MILLIS = 20;

    private final Connection admin;
    private final Thread thread;
    private final AtomicReference<SQLException> failure = new AtomicReference<>();
    /** Written by the sampling thread; read after {@link #close} has joined it. */
    private int highest;
    private int samples;
    private volatile boolean running = true;

    private BackendConnectionSampler(Connection admin) {
        this.admin = admin;
        this.thread = new Thread(this::sample, "backend-connection-sampler");
        thread.setDaemon(true);
    }

    /** Starts sampling over {@code admin}, which it closes when done. */
    static BackendConnectionSampler start(Connection admin) {
        BackendConnectionSampler sampler = new BackendConnectionSampler(admin);
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        try {
            while (running) {
                highest = Math.max(highest, TortureDatabase.connectionsOfUser(admin));
                samples++;
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (SQLException e) {
            failure.set(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sampling; fails if a sample failed, so a broken sampler cannot pass for a low count. */
    @Override
    public void close() throws SQLException, InterruptedException {
        running = false;
        thread.join();
        admin.close();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** The most connections seen at once; read after {@link #close}. */
    int highest() {
        return highest;
    }

    /** How many samples were taken; read after {@link #close}. */
    int samples() {
        return samples;
    }
}
