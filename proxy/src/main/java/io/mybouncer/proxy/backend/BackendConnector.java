package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.client.ClientLoginHandler;
import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.proxy.pool.BackendFactory;
import io.mybouncer.proxy.pool.CloseReason;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.pool.PooledConnection;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.security.auth.login.CredentialNotFoundException;

/**
 * Opens backend connections for the pool: connects on the event loop the pool names (the
 * requesting client's, so client and backend share a thread), logs in with the protocol library's
 * {@link io.mybouncer.protocol.client.ClientLogin} as the pool key's user, schema and collation,
 * asking for exactly the key's capabilities, and installs the relay handler. The whole connect and
 * login is bounded by the target's connect timeout.
 */
public final class BackendConnector implements BackendFactory {
    private final BackendTarget target;
    private final NettyTransport transport;
    /**
     * Backend user name to its password, or {@code null} when none is known (a passthrough user
     * without a client logged in, or a configured user a reload removed); the proxy never logs it.
     */
    private final Function<String, String> passwords;
    private final RelayObserver observer;
    /** Whether connections turn the session trackers on after login (transaction and statement modes). */
    private final boolean trackSessions;
    private final AtomicLong ids = new AtomicLong();

    public BackendConnector(BackendTarget target, NettyTransport transport, Function<String, String> passwords,
            RelayObserver observer, boolean trackSessions) {
        this.target = target;
        this.transport = transport;
        this.passwords = passwords;
        this.observer = observer;
        this.trackSessions = trackSessions;
    }

    @Override
    public Future<PooledConnection> connect(PoolKey key, EventLoop loop) {
        String password = passwords.apply(key.user());
        if (password == null) {
            return loop.newFailedFuture(new CredentialNotFoundException("no password for backend user '" + key.user()
                    + "': in passthrough mode it is known only while a client of that user is logged in; in"
                    + " configured mode a RELOAD removed the user"));
        }
        return connect(key, loop, password);
    }

    /**
     * Connects and logs in as the key's user with {@code password}: how passthrough mode checks the
     * password a client revealed. The future fails with the backend's
     * {@link io.mybouncer.protocol.client.MysqlServerException} when the backend refuses it.
     */
    public Future<PooledConnection> connect(PoolKey key, EventLoop loop, String password) {
        Promise<PooledConnection> result = loop.newPromise();
        Promise<ServerSession> login = loop.newPromise();
        ClientOptions options = ClientOptions.of(key.user(), password)
                .withDatabase(key.database())
                .withCollation(key.collationId())
                .withTls(target.tlsMode(), target.caCertificate())
                .withOptionalCapabilities(key.capabilities())
                .withMaxPayload(target.maxPayload());
        Bootstrap bootstrap = target.bootstrap(loop, transport)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast("frame-decoder", new PacketFrameDecoder(target.maxPayload()))
                                // Forwarding: a client's packets of 16 MiB and more go out as it cut them.
                                .addLast("frame-encoder", PacketEncoder.FORWARDING)
                                .addLast(ClientLoginHandler.NAME,
                                        new ClientLoginHandler(options, target.address().isLocalSocket(), login));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(transport.socketAddress(target.address()));
        Channel channel = connecting.channel();
        ScheduledFuture<?> timeout = loop.schedule(() -> {
            if (result.tryFailure(new TimeoutException("connect and login to " + target.address() + " took longer than "
                    + target.connectTimeout().toMillis() + " ms"))) {
                channel.close();
            }
        }, target.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                timeout.cancel(false);
                result.tryFailure(connected.cause());
            }
        });
        login.addListener((Future<ServerSession> done) -> {
            if (!done.isSuccess()) {
                timeout.cancel(false);
                result.tryFailure(done.cause());
                return;
            }
            BackendConnection connection = new BackendConnection(ids.incrementAndGet(), channel, done.getNow(),
                    key.database(), observer);
            channel.pipeline().addLast(BackendHandler.NAME, new BackendHandler(connection));
            if (!trackSessions) {
                handOver(connection, result, timeout);
                return;
            }
            connection.startTracking().addListener((Future<Void> started) -> {
                if (started.isSuccess()) {
                    handOver(connection, result, timeout);
                } else {
                    result.tryFailure(started.cause());
                    connection.close(CloseReason.CONNECT_TIMEOUT);
                }
            });
        });
        return result;
    }

    private static void handOver(BackendConnection connection, Promise<PooledConnection> result,
            ScheduledFuture<?> timeout) {
        timeout.cancel(false);
        if (!result.trySuccess(connection)) {
            connection.close(CloseReason.CONNECT_TIMEOUT);
        }
    }
}
