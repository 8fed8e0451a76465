package io.mybouncer.proxy;

import io.mybouncer.proxy.admin.AdminConsole;
import io.mybouncer.proxy.session.ClientSession;
import io.mybouncer.proxy.session.SessionRegistry;
import io.netty.channel.EventLoop;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The drain of a SHUTDOWN, after the listeners have closed: every {@link #POLL}, each client that is
 * between transactions is closed ({@link ClientSession#closeWhenQuiet}), and so is every console
 * connection; once no client connection is left, or when the timeout is up, the proxy is closed with
 * whatever remains. A client is closed at a point where it loses nothing (no response owed, no
 * transaction open), so its driver sees a dropped idle connection, which pools replace.
 *
 * <p>Runs on one event loop (the accept loop, which serves no client); each session is asked on
 * its own.
 */
final class GracefulShutdown {
    private static final System.Logger LOG = System.getLogger(GracefulShutdown.class.getName());
    /** Often enough that a client is closed soon after its transaction ends; cheap for a few thousand. */
    static final Duration POLL = Duration.ofMillis(50);

    private final EventLoop loop;
    private final SessionRegistry sessions;
    private final AdminConsole console;
    /** Client connections still open, logins and console included. */
    private final IntSupplier clientConnections;
    private final long deadlineNanos;
    private final Duration timeout;
    /** Closes the proxy; called once, on this loop, so it must hand blocking work to another thread. */
    private final Runnable close;

    GracefulShutdown(EventLoop loop, SessionRegistry sessions, AdminConsole console, IntSupplier clientConnections,
            Duration timeout, Runnable close) {
        this.loop = loop;
        this.sessions = sessions;
        this.console = console;
        this.clientConnections = clientConnections;
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.close = close;
    }

    void start() {
        loop.execute(this::poll);
    }

    private void poll() {
        int left = clientConnections.getAsInt();
        if (left == 0) {
            LOG.log(Level.INFO, "shutdown: every client has finished; closing");
            close.run();
            return;
        }
        if (System.nanoTime() - deadlineNanos >= 0) {
            LOG.log(Level.WARNING, "shutdown: {0} client connections still busy after {1} ms (shutdown_timeout);"
                    + " closing them", String.valueOf(left), String.valueOf(timeout.toMillis()));
            close.run();
            return;
        }
        sessions.sessions().forEach(ClientSession::closeWhenQuiet);
        console.closeAll();
        loop.schedule(this::poll, POLL.toNanos(), TimeUnit.NANOSECONDS);
    }
}
