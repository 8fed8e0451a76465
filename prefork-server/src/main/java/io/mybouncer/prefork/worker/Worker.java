package io.mybouncer.prefork.worker;

import io.mybouncer.prefork.db.SerialConnection;
import io.mybouncer.prefork.handover.DescriptorReceiver;
import io.mybouncer.prefork.http.HttpListener;
import io.mybouncer.prefork.http.QueryHandler;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One worker process: gets its database connection (inherited from the master, or its own), serves
 * {@code GET /q?id=N} on the shared port, tells the master it is ready, and runs until its stdin
 * (a pipe from the master) ends, which happens when the master stops it and when the master dies.
 */
public final class Worker {
    /** The line on stdout that tells the master this worker serves, followed by the port. */
    public static final String READY_MARKER = "prefork-worker-ready port=";
    private static final Logger LOG = Logger.getLogger(Worker.class.getName());
    /** Covers a login to a remote server on a busy machine. */
    private static final long CONNECT_TIMEOUT_SECONDS = 30;

    private Worker() {
    }

    /** Serves until {@code fromMaster} ends; reports readiness on {@code toMaster}. */
    public static void run(WorkerSettings settings, InputStream fromMaster, PrintStream toMaster) throws Exception {
        if (!Epoll.isAvailable()) {
            // SO_REUSEPORT and descriptor passing are Linux features, reached through Netty's epoll transport.
            throw new IllegalStateException("prefork-server needs Linux with Netty's epoll transport: "
                    + Epoll.unavailabilityCause());
        }
        long pid = ProcessHandle.current().pid();
        // One thread: the worker is a simple synchronous server, and its host has few cores to share.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            MysqlClient client = connect(settings, group).get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            SerialConnection db = new SerialConnection(client, settings.queryTimeout());
            Channel http = HttpListener.bind(group, settings.host(), settings.port(), new QueryHandler(db, pid));
            int port = ((InetSocketAddress) http.localAddress()).getPort();
            LOG.info("worker " + pid + " serves http://" + settings.host() + ":" + port + "/q?id=N with database"
                    + " connection " + db.connectionId() + " (" + settings.mode().option() + ")");
            toMaster.println(READY_MARKER + port);
            toMaster.flush();
            awaitEndOfInput(fromMaster);
            LOG.info("worker " + pid + ": the master closed its pipe; exiting");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static CompletableFuture<MysqlClient> connect(WorkerSettings settings, EventLoopGroup group) {
        return switch (settings.mode()) {
            case PER_WORKER -> MysqlClient.connect(group, NettyTransport.EPOLL, settings.db().address(),
                    settings.db().clientOptions());
            case INHERITED -> DescriptorReceiver.receive(group, settings.handoverSocket())
                    .thenCompose(descriptor -> attach(group, descriptor, settings));
        };
    }

    /**
     * Speaks MySQL on the inherited socket as its own channel, registered with this worker's event
     * loop: from now on this process and its siblings all read from and write to it.
     */
    private static CompletableFuture<MysqlClient> attach(EventLoopGroup group, FileDescriptor descriptor,
            WorkerSettings settings) {
        Channel channel = settings.db().address() instanceof ServerAddress.Unix
                ? new EpollDomainSocketChannel(descriptor.intValue())
                : new EpollSocketChannel(descriptor.intValue());
        MysqlClient client = MysqlClient.attach(channel, settings.inheritedSession(), settings.db().clientOptions());
        // Not a byte read before a query is sent (SerialConnection keeps it so): they are a sibling's answers.
        channel.config().setAutoRead(false);
        CompletableFuture<MysqlClient> result = new CompletableFuture<>();
        group.register(channel).addListener(registered -> {
            if (registered.isSuccess()) {
                result.complete(client);
            } else {
                result.completeExceptionally(registered.cause());
            }
        });
        return result;
    }

    /** Reads (and ignores) the master's pipe until it ends. */
    private static void awaitEndOfInput(InputStream fromMaster) {
        byte[] ignored = new byte[64];
        try {
            while (fromMaster.read(ignored) >= 0) {
                // The master writes nothing; only the end of the pipe matters.
            }
        } catch (IOException e) {
            LOG.info("the master's pipe failed (" + e.getMessage() + "); taking it as the master gone");
        }
    }
}
