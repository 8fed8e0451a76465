package io.mybouncer.proxy.cli;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.PreparedStatement;
import io.mybouncer.protocol.client.QueryResult;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.embedded.LocalMariaDb;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mybouncer demo}: for a newcomer on a fresh machine. Starts a throwaway local MariaDB (the
 * machine's {@code mariadbd}) and shows mybouncer's protocol client talking to it over TCP, TLS and
 * the Unix socket. The proxy itself joins this demo as it lands.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start a throwaway local MariaDB and show mybouncer's protocol client talking to it.",
        footer = {"", "Examples:", "  mybouncer demo            run the demo and stop the server",
            "  mybouncer demo --keep     leave the server running until Ctrl-C"})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--keep", description = "Keep the throwaway server running until interrupted.")
    private boolean keep;

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
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NettyTransport.preferred().ioHandlerFactory());
        // Ctrl-C: the shutdown hook lets main stop the server, and waits until it has.
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch cleanedUp = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.countDown();
            awaitQuietly(cleanedUp);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (LocalMariaDb server = LocalMariaDb.start(LocalMariaDb.Options.defaults().withTls(true))) {
            out.printf("  server %s on %s:%d and %s%n%n", server.serverVersion(), server.host(), server.port(),
                    server.socket());
            ClientOptions login = ClientOptions.of(server.rootUser(), server.rootPassword());
            show(group, "TCP", new ServerAddress.Tcp(server.host(), server.port()), login);
            show(group, "TLS", new ServerAddress.Tcp(server.host(), server.port()),
                    login.withTls(TlsMode.VERIFY_CA, server.caCert().orElseThrow()));
            show(group, "Unix socket", new ServerAddress.Unix(server.socket()), login.withDeprecateEof(true));
            if (keep) {
                out.printf("The server keeps running. Connect with:%n  mariadb -h %s -P %d -u %s%n"
                        + "Press Ctrl-C to stop it.%n", server.host(), server.port(), server.rootUser());
                interrupted.await();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            cleanedUp.countDown();
        }
        if (interrupted.getCount() > 0) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return 0;
    }

    private void show(EventLoopGroup group, String label, ServerAddress address, ClientOptions options) {
        try (MysqlClient client = MysqlClient.connect(group, NettyTransport.preferred(), address, options).join()) {
            ServerSession session = client.session();
            out.printf("%s: logged in to %s as %s with %s%s (connection %d)%n", label, address, options.user(),
                    session.authPlugin(), session.tls() ? " over TLS" : "", session.connectionId());
            QueryResult text = client.query("SELECT @@version, CURRENT_USER(), @@character_set_client").join();
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
