package io.mybouncer.prefork.master;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerSession;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The master's one database connection, as a preloaded application holds it when it forks: logged
 * in and used once (the warm-up query), then left alone. The master takes it off its event loop,
 * so it never reads from it again, and keeps only the descriptor open for the workers to inherit.
 */
final class InheritedConnection implements AutoCloseable {
    private final MysqlClient client;

    private InheritedConnection(MysqlClient client) {
        this.client = client;
    }

    /** Logs in over the epoll transport (its channels have a descriptor to pass) and runs the warm-up query. */
    static InheritedConnection open(EventLoopGroup group, DbLogin login, Duration timeout) throws Exception {
        MysqlClient client = MysqlClient.connect(group, NettyTransport.EPOLL, login.address(), login.clientOptions())
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            // Like an application's start-up check; fails early, naming the table, when it is missing.
            client.query("SELECT COUNT(*) FROM " + KnownRows.TABLE).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            client.channel().deregister().sync();
            return new InheritedConnection(client);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    ServerSession session() {
        return client.session();
    }

    /** The socket's descriptor, owned by this object. */
    FileDescriptor descriptor() {
        return ((UnixChannel) client.channel()).fd();
    }

    /**
     * Closes the master's descriptor, without COM_QUIT: the workers may still use the session. The
     * channel is on no event loop any more, so it is closed directly.
     */
    @Override
    public void close() {
        client.channel().unsafe().closeForcibly();
    }
}
