package io.mybouncer.proxy.cli;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.PreparedStatement;
import io.mybouncer.protocol.client.QueryResult;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.embedded.LocalMariaDb;
import io.mybouncer.proxy.ProxyServer;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigLoader;
import io.mybouncer.proxy.config.ConfigOverrides;
import io.mybouncer.proxy.config.ProxyConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mybouncer demo}: for a newcomer on a fresh machine. Starts a throwaway local MariaDB (the
 * machine's {@code mariadbd}) and mybouncer in front of it; runs the prefork server's seed
 * experiment with a connection the workers inherit (directly, then through mybouncer) and with a
 * connection per worker through mybouncer, and prints the before/after table; shows a client
 * talking through the proxy over TCP, TLS and the Unix socket; and leaves the proxy and the server
 * running for the newcomer to connect to, printing how.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start a throwaway local MariaDB with mybouncer in front of it, show the fork hazard of a",
            "prefork server and its fix, and show how to connect."},
        footer = {"", "Examples:", "  mybouncer demo            run until Ctrl-C; connect with the printed command",
            "  mybouncer demo --exit     show the experiment and the walkthrough, then stop everything"})
final class DemoCommand implements Callable<Integer> {
    /** The demo's application account and schema on the throwaway server. */
    private static final String USER = "app";
    private static final String PASSWORD = "app-secret";
    private static final String SCHEMA = "demo";
    private static final int PREFERRED_PORT = 6033;
    /** Backend connections mybouncer may hold: enough for the workers and a newcomer's few sessions. */
    static final int POOL_SIZE = 4;
    /** The experiment's configurations, as the table names them. */
    static final String INHERITED_DIRECT = "inherited connection, directly to MariaDB";
    static final String INHERITED_THROUGH_PROXY = "inherited connection, through mybouncer (TCP)";
    static final String PER_WORKER_THROUGH_PROXY = "a connection per worker, through mybouncer (Unix socket)";

    @Option(names = "--exit", description = "Stop after the experiment and the walkthrough instead of running until"
            + " Ctrl-C.")
    private boolean exit;

    @Spec
    private CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        if (LocalMariaDb.findServer().isEmpty()) {
            spec.commandLine().getErr().println("mybouncer demo needs a local mariadbd: install it with "
                    + "'sudo apt-get install -y mariadb-server' (the system service need not run).");
            return 2;
        }
        out.println("Starting a throwaway MariaDB (private data directory, free port)...");
        out.flush();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NettyTransport.preferred().ioHandlerFactory());
        // Ctrl-C: the shutdown hook lets main stop everything, and waits until it has.
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.countDown();
            awaitQuietly(cleanedUp);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Path runDir = Files.createTempDirectory("mybouncer-demo-");
        try (LocalMariaDb server = LocalMariaDb.start(LocalMariaDb.Options.defaults().withTls(true))) {
            out.printf("  MariaDB %s on %s:%d%n", server.serverVersion(), server.host(), server.port());
            createApplicationAccount(group, server);
            int port = freePort();
            Path socket = runDir.resolve("mybouncer.sock");
            try (ProxyServer proxy = new ProxyServer(proxyConfig(server, port, socket))) {
                proxy.start();
                out.printf("  mybouncer on 127.0.0.1:%d and %s, in front of it%n%n", port, socket);
                out.flush();
                // Clients are served once the proxy has read the backend's greeting: one round trip.
                proxy.whenReady().get(30, TimeUnit.SECONDS);
                runForkExperiment(server, port, socket);
                ClientOptions login = ClientOptions.of(USER, PASSWORD).withDatabase(SCHEMA);
                show(group, "TCP", new ServerAddress.Tcp("127.0.0.1", port), login);
                show(group, "TLS", new ServerAddress.Tcp("127.0.0.1", port),
                        login.withTls(io.mybouncer.protocol.client.TlsMode.REQUIRED, null));
                show(group, "Unix socket", new ServerAddress.Unix(socket), login.withDeprecateEof(true));
                if (!exit) {
                    out.printf("mybouncer keeps running. Connect through it with:%n"
                            + "  mariadb -h 127.0.0.1 -P %d -u %s -p%s %s%n"
                            + "  mariadb --socket=%s -u %s -p%s %s%n"
                            + "Press Ctrl-C to stop the proxy and the throwaway server.%n",
                            port, USER, PASSWORD, SCHEMA, socket, USER, PASSWORD, SCHEMA);
                    out.flush();
                    interrupted.await();
                }
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            Files.deleteIfExists(runDir.resolve("mybouncer.sock"));
            Files.deleteIfExists(runDir);
            cleanedUp.countDown();
        }
        if (interrupted.getCount() > 0) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return 0;
    }

    /** The demo's account, created as root directly on the server, and the prefork server's table. */
    private void createApplicationAccount(EventLoopGroup group, LocalMariaDb server) throws Exception {
        try (MysqlClient root = MysqlClient.connect(group, NettyTransport.preferred(),
                new ServerAddress.Unix(server.socket()), ClientOptions.of(server.rootUser(), server.rootPassword()))
                .join()) {
            root.query("CREATE DATABASE IF NOT EXISTS " + SCHEMA).join();
            root.query("CREATE USER IF NOT EXISTS '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'").join();
            root.query("GRANT ALL ON " + SCHEMA + ".* TO '" + USER + "'@'%'").join();
        }
        KnownRows.seed(new DbLogin(new ServerAddress.Unix(server.socket()), USER, PASSWORD, SCHEMA),
                (int) LoadPlan.DEFAULT_MAX_ID);
    }

    /**
     * The story: workers that share a connection opened before they started (the fork hazard),
     * directly and through mybouncer, then workers with a connection each to mybouncer (the fix).
     */
    private void runForkExperiment(LocalMariaDb server, int port, Path socket) throws Exception {
        DbLogin mariaDb = new DbLogin(new ServerAddress.Tcp(server.host(), server.port()), USER, PASSWORD, SCHEMA);
        out.printf("The fork hazard, and the fix. A prefork server (a master and %d worker processes) answers"
                + " GET /q?id=N%nwith row N from the database. Requests: %s; each answer is checked against row N.%n",
                ForkExperiment.WORKERS, LoadPlan.inWords(LoadPlan.SEED_EXPERIMENT));
        List<ForkExperiment.Result> results = new ForkExperiment(out, spec.commandLine().getErr()).run(List.of(
                new ForkExperiment.Configuration(INHERITED_DIRECT, DbMode.INHERITED, mariaDb, false),
                new ForkExperiment.Configuration(INHERITED_THROUGH_PROXY, DbMode.INHERITED,
                        new DbLogin(new ServerAddress.Tcp("127.0.0.1", port), USER, PASSWORD, SCHEMA), true),
                new ForkExperiment.Configuration(PER_WORKER_THROUGH_PROXY, DbMode.PER_WORKER,
                        new DbLogin(new ServerAddress.Unix(socket), USER, PASSWORD, SCHEMA), true)), mariaDb);
        out.printf("%n%s%n", ExperimentTable.format(results));
        out.printf("- inherited: the master logs in before it starts the workers, as an application preloaded by"
                + " gunicorn --preload%n  does before fork(), and both workers use that one socket: an answer goes to"
                + " whichever worker reads first.%n"
                + "- per worker: each worker connects to mybouncer after it starts; mybouncer's pool holds the MariaDB"
                + " connections.%n");
        explainDetection(results.stream().filter(result -> result.configuration().label().equals(
                INHERITED_THROUGH_PROXY)).findFirst().orElseThrow());
        out.println();
        out.flush();
    }

    /** What mybouncer's fork-hazard detection did with the inherited connection, as this run measured it. */
    private void explainDetection(ForkExperiment.Result inherited) {
        long wrong = inherited.report().wrong();
        if (inherited.forkHazardErrors() == 0) {
            out.printf("- through mybouncer, this run: mybouncer did not see the sharing. It looks when an idle"
                    + " connection is%n  used again and when a command arrives while another's answer is owed, and"
                    + " neither showed it%s.%n", wrong == 0 ? "" : " (" + answers(wrong) + " reached the wrong worker)");
        } else {
            out.printf("- through mybouncer, the workers' first command on the connection the master had used made"
                    + " mybouncer%n  look: several processes hold it, so mybouncer stopped the connection before"
                    + " relaying anything%n  and sent ERR 1184 (%d of them), naming the processes and the fix. A"
                    + " worker whose sibling read%n  both ERRs off the shared socket waits in vain: \"no answer\".%n",
                    inherited.forkHazardErrors());
            if (wrong > 0) {
                out.printf("  %s written before mybouncer saw the sharing still reached the wrong worker.%n",
                        answers(wrong));
            }
        }
        out.printf("  Detection makes the hazard loud when it sees it; a connection per worker removes it.%n");
    }

    private static String answers(long count) {
        return count + (count == 1 ? " answer" : " answers");
    }

    private static ProxyConfig proxyConfig(LocalMariaDb server, int port, Path socket) throws ConfigException {
        ConfigOverrides flags = new ConfigOverrides(Optional.of("127.0.0.1:" + port), Optional.of(socket.toString()),
                Optional.of(server.host() + ":" + server.port()), List.of(USER + ":" + PASSWORD), Optional.empty(),
                Optional.of(POOL_SIZE), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        return new ConfigLoader(Map.of()).load(Optional.empty(), flags);
    }

    /** 6033, mybouncer's default, when it is free; else any free port. */
    private static int freePort() throws IOException {
        for (int candidate : new int[] {PREFERRED_PORT, 0}) {
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                if (candidate == 0) {
                    throw taken;
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private void show(EventLoopGroup group, String label, ServerAddress address, ClientOptions options) {
        try (MysqlClient client = MysqlClient.connect(group, NettyTransport.preferred(), address, options).join()) {
            ServerSession session = client.session();
            out.printf("%s: logged in to mybouncer at %s as %s with %s%s%n", label, address, options.user(),
                    session.authPlugin(), session.tls() ? " over TLS" : "");
            QueryResult text = client.query("SELECT @@version, DATABASE(), COUNT(*) FROM t").join();
            out.printf("  text protocol:   %s%n", text.rows().get(0));
            PreparedStatement statement = client.prepare("SELECT ? * 6, CONCAT('id-', ?)").join();
            QueryResult binary = client.execute(statement, List.of(7L, "seven"), false).join();
            // Binary protocol: ? * 6 with a BIGINT parameter is an 8-byte little-endian integer.
            List<byte[]> row = binary.resultSets().get(0).rows().get(0);
            long product = ByteBuffer.wrap(row.get(0)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            out.printf("  binary protocol: SELECT ? * 6, CONCAT('id-', ?) with (7, 'seven') -> %d, %s%n%n",
                    product, new String(row.get(1), StandardCharsets.UTF_8));
            out.flush();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
