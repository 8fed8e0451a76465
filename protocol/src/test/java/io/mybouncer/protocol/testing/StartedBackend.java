package io.mybouncer.protocol.testing;

import java.io.Closeable;
import java.io.IOException;

/**
 * A provisioned backend and what stops its server. Kept as a value in the root
 * {@link org.junit.jupiter.api.extension.ExtensionContext.Store}, which closes {@link AutoCloseable}
 * values when the test run ends (JUnit 5.13 and later, which deprecated {@code CloseableResource}),
 * so one server serves every test class of the JVM.
 *
 * @param backend what tests see
 * @param server stops the server (a no-op for external servers); must be idempotent, because the
 *     store and the shutdown hook may both call it
 */
record StartedBackend(TestBackend backend, Closeable server) implements Closeable {
    @Override
    public void close() throws IOException {
        server.close();
    }

    /**
     * Also stops the server when the JVM exits without the store being closed (Ctrl-C, a fork killed
     * by its timeout, System.exit), so no private {@code mariadbd} outlives its tests.
     */
    StartedBackend closeAtExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                close();
            } catch (IOException e) {
                // Nobody is left to catch this; the uncaught-exception handler prints it.
                throw new IllegalStateException("stopping test backend " + backend, e);
            }
        }, "mybouncer-test-backend-stop"));
        return this;
    }
}
