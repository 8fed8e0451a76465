package io.mybouncer.prefork.master;

import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.handover.DescriptorSender;
import io.mybouncer.prefork.http.QueryHandler;
import io.mybouncer.prefork.worker.WorkerCommand;
import io.mybouncer.prefork.worker.WorkerSettings;
import io.mybouncer.protocol.client.ServerSession;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The master process. Java cannot {@code fork()}, so workers are child JVMs running the same
 * classpath. In {@link DbMode#INHERITED} mode the master first logs in to the database and hands
 * that one socket to every worker (what a preloaded application's pool becomes after the fork);
 * in {@link DbMode#PER_WORKER} mode each worker connects itself. All workers listen on one port
 * with SO_REUSEPORT. {@link #close()} stops them; they also exit on their own when the master dies.
 */
public final class Arbiter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Arbiter.class.getName());
    /** A JVM start plus a database login, on a busy two-core machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a worker asked to stop may take to finish its requests and exit. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /** The leak level is worth carrying over, so that tests run workers as strictly as themselves. */
    private static final String LEAK_LEVEL_PROPERTY = "io.netty.leakDetection.level";
    /**
     * Workers start fast and stay small: no optimizing compiler (a worker's life is short and the
     * cores are shared with the database), a modest heap, and a clean exit on running out of it.
     */
    private static final List<String> WORKER_JVM_OPTIONS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");

    private final List<WorkerProcess> workers = new ArrayList<>();
    // Inherited mode only: the loop that holds the handover socket, the master's connection, the socket.
    private EventLoopGroup group;
    private InheritedConnection inherited;
    private DescriptorSender sender;
    private Path handoverDirectory;
    private int port;
    private boolean closed;

    private Arbiter() {
    }

    /**
     * Starts the workers and returns once every one serves.
     *
     * @param workerOutput receives each line a worker prints, prefixed with its pid
     */
    public static Arbiter start(ServeSettings settings, Consumer<String> workerOutput) throws Exception {
        Arbiter arbiter = new Arbiter();
        try {
            arbiter.startWorkers(settings, workerOutput);
            return arbiter;
        } catch (Exception | Error e) {
            arbiter.close();
            throw e;
        }
    }

    private void startWorkers(ServeSettings settings, Consumer<String> output) throws Exception {
        Path handoverSocket = null;
        ServerSession session = null;
        if (settings.mode() == DbMode.INHERITED) {
            shareOneConnection(settings);
            handoverSocket = sender.path();
            session = inherited.session();
        }
        WorkerSettings worker = new WorkerSettings(settings.host(), settings.port(), settings.mode(), settings.db(),
                settings.queryTimeout(), handoverSocket, session);
        port = settings.port();
        if (port == 0) {
            // The first worker picks a free port; the others then bind the same one.
            port = spawn(worker, output).ready().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            worker = worker.withPort(port);
        }
        while (workers.size() < settings.workers()) {
            spawn(worker, output);
        }
        for (WorkerProcess started : workers) {
            int bound = started.ready().get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (bound != port) {
                throw new IllegalStateException("worker " + started.pid() + " listens on port " + bound
                        + ", not the shared port " + port);
            }
        }
        LOG.info(workers.size() + " workers serve http://" + settings.host() + ":" + port + QueryHandler.PATH
                + "?id=N, database connection " + settings.mode().option() + ", database " + settings.db());
    }

    /** Logs in once and opens the handover socket where each worker fetches that connection. */
    private void shareOneConnection(ServeSettings settings) throws Exception {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("--db-mode " + DbMode.INHERITED.option() + " passes a socket between"
                    + " processes, which needs Linux and Netty's epoll transport: " + Epoll.unavailabilityCause());
        }
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        inherited = InheritedConnection.open(group, settings.db(), CONNECT_TIMEOUT);
        // Created with owner-only permissions: no other user can reach the socket inside.
        handoverDirectory = Files.createTempDirectory("prefork-handover-");
        sender = DescriptorSender.start(group, handoverDirectory.resolve("db.sock"), inherited.descriptor(),
                Arbiter::isChildOfThisProcess);
        LOG.info("master logged in as database connection " + inherited.session().connectionId()
                + "; every worker will use that one connection");
    }

    private WorkerProcess spawn(WorkerSettings settings, Consumer<String> output) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(WORKER_JVM_OPTIONS);
        String leakLevel = System.getProperty(LEAK_LEVEL_PROPERTY);
        if (leakLevel != null) {
            command.add("-D" + LEAK_LEVEL_PROPERTY + "=" + leakLevel);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerCommand.class.getName()));
        command.addAll(settings.toArguments());
        WorkerProcess worker = WorkerProcess.start(command, settings.environment(), output);
        workers.add(worker);
        return worker;
    }

    private static boolean isChildOfThisProcess(long pid) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(parent -> parent.pid() == self).orElse(false);
    }

    /** The port every worker listens on. */
    public int port() {
        return port;
    }

    public List<Long> workerPids() {
        return workers.stream().map(WorkerProcess::pid).toList();
    }

    /** Stops the workers (all at once, each given a grace period), then the master's own resources. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        workers.forEach(WorkerProcess::requestStop);
        for (WorkerProcess worker : workers) {
            worker.awaitExit(STOP_GRACE);
        }
        if (sender != null) {
            sender.close();
        }
        if (inherited != null) {
            inherited.close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (handoverDirectory != null) {
            Files.deleteIfExists(handoverDirectory);
        }
    }
}
