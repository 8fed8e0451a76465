package io.mybouncer.proxy.pool;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/** Logs in to the test server as the pool key's user (the fixture's test user) with {@link MysqlClient}. */
final class MysqlClientFactory implements BackendFactory {
    private final TestBackend backend;
    private final NettyTransport transport;

    MysqlClientFactory(TestBackend backend, NettyTransport transport) {
        this.backend = backend;
        this.transport = transport;
    }

    @Override
    public Future<PooledConnection> connect(PoolKey key, EventLoop loop) {
        ClientOptions options = ClientOptions.of(key.user(), backend.password()).withDatabase(key.database());
        return MysqlClientConnection.toNetty(loop,
                MysqlClient.connect(loop, transport, new ServerAddress.Tcp(backend.host(), backend.port()), options)
                        .<PooledConnection>thenApply(MysqlClientConnection::new));
    }
}
