package io.mybouncer.prefork.master;

import io.mybouncer.prefork.worker.Worker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One worker JVM as the master sees it. Its stdin is a pipe the master never writes to: closing it
 * asks the worker to exit, and the kernel closes it when the master dies, so no worker outlives
 * its master. Its stdout and stderr come back through one pipe, read by a thread that spots the
 * ready line and passes every other line on, prefixed with the worker's pid.
 */
final class WorkerProcess {
    private static final Logger LOG = Logger.getLogger(WorkerProcess.class.getName());
    /** After SIGTERM, how long before SIGKILL. */
    private static final long TERM_GRACE_SECONDS = 2;

    private final Process process;
    /** Completes with the port the worker listens on, or fails when it exits before. */
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    /** Set by {@link #requestStop}, so the exit that follows is not reported as a crash. */
    private volatile boolean stopping;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    static WorkerProcess start(List<String> command, Map<String, String> environment, Consumer<String> output)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        WorkerProcess worker = new WorkerProcess(builder.start());
        Thread reader = new Thread(() -> worker.readOutput(output), "prefork-worker-" + worker.pid() + "-output");
        reader.setDaemon(true);
        reader.start();
        return worker;
    }

    long pid() {
        return process.pid();
    }

    CompletableFuture<Integer> ready() {
        return ready;
    }

    private void readOutput(Consumer<String> output) {
        String prefix = "[worker " + pid() + "] ";
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (line.startsWith(Worker.READY_MARKER) && !ready.isDone()) {
                    ready(line.substring(Worker.READY_MARKER.length()).trim());
                } else {
                    output.accept(prefix + line);
                }
            }
        } catch (IOException e) {
            output.accept(prefix + "(its output could not be read: " + e.getMessage() + ")");
        }
        int code = exitCode();
        if (ready.completeExceptionally(new IllegalStateException("worker " + pid() + " exited with code " + code
                + " before it was ready (its output is above)"))) {
            return;
        }
        if (!stopping) {
            LOG.warning("worker " + pid() + " exited with code " + code + "; the other workers serve on");
        }
    }

    private void ready(String port) {
        try {
            ready.complete(Integer.parseInt(port));
        } catch (NumberFormatException e) {
            ready.completeExceptionally(new IllegalStateException("worker " + pid() + " reported port '" + port
                    + "' (expected: a number)"));
        }
    }

    /** Closes the worker's stdin, which it takes as the signal to exit. */
    void requestStop() {
        stopping = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing worker " + pid() + "'s stdin", e);
        }
    }

    /**
     * Waits up to {@code grace} for the worker to exit, then terminates it, and kills it if it must.
     * Interrupted, it kills the worker at once and keeps the interrupt.
     */
    void awaitExit(Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            LOG.warning("worker " + pid() + " did not exit within " + grace.toMillis() + " ms; terminating it");
            process.destroy();
            if (process.waitFor(TERM_GRACE_SECONDS, TimeUnit.SECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }

    private int exitCode() {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
