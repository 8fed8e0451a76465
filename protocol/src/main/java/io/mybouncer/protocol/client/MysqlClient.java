package io.mybouncer.protocol.client;

import io.mybouncer.protocol.command.BodilessCommand;
import io.mybouncer.protocol.command.ComQuery;
import io.mybouncer.protocol.command.ComStmtClose;
import io.mybouncer.protocol.command.ComStmtFetch;
import io.mybouncer.protocol.command.ComStmtPrepare;
import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small asynchronous MySQL client built from this library: connect and log in (any supported
 * plugin, optional TLS), then text queries, prepared statements with cursors, LOCAL INFILE, raw
 * commands and COM_CHANGE_USER. Commands are sent one at a time in call order. For tests, tools and
 * the demo; the proxy forwards packets instead of decoding them. {@link #attach} speaks on a
 * connection logged in elsewhere (the prefork server's workers share one their master opened).
 */
public final class MysqlClient implements AutoCloseable {
    public static final String FRAME_DECODER = "mysql-frame-decoder";
    public static final String FRAME_ENCODER = "mysql-frame-encoder";

    private final Channel channel;
    private final ClientOptions options;
    private final boolean localSocket;
    private final CommandHandler commands;
    /** The login's, then each successful {@link #changeUser}'s; written on the event loop, read anywhere. */
    private volatile ServerSession session;

    private MysqlClient(Channel channel, ClientOptions options, boolean localSocket, ServerSession session,
            CommandHandler commands) {
        this.channel = channel;
        this.options = options;
        this.localSocket = localSocket;
        this.session = session;
        this.commands = commands;
    }

    /** Connects and logs in; the future fails with {@link MysqlServerException} when the server refuses. */
    public static CompletableFuture<MysqlClient> connect(EventLoopGroup group, NettyTransport transport,
            ServerAddress address, ClientOptions options) {
        CompletableFuture<MysqlClient> result = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.channelClass(address))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        Promise<ServerSession> login = ch.eventLoop().newPromise();
                        addFraming(ch, options).addLast(ClientLoginHandler.NAME,
                                new ClientLoginHandler(options, address.isLocalSocket(), login));
                        login.addListener((Future<ServerSession> done) -> {
                            if (done.isSuccess()) {
                                result.complete(commandPhase(ch, done.getNow(), options, address.isLocalSocket()));
                            } else {
                                result.completeExceptionally(done.cause());
                            }
                        });
                    }
                });
        if (address instanceof ServerAddress.Tcp) {
            bootstrap.option(ChannelOption.TCP_NODELAY, true);
        }
        bootstrap.connect(transport.socketAddress(address)).addListener(connected -> {
            if (!connected.isSuccess()) {
                result.completeExceptionally(connected.cause());
            }
        });
        return result;
    }

    /**
     * Speaks the command phase on a channel that is connected and logged in already, by someone
     * else: a socket inherited from another process, say, whose login {@code session} describes
     * (its negotiated capabilities decide how responses are framed). Adds the framing and command
     * handlers to the channel's pipeline, which must hold nothing else that reads MySQL packets. The
     * channel may be registered with its event loop before or after this call, but before the first
     * command.
     *
     * <p>Nothing checks that the session is really logged in: a server that sees a command where it
     * expects a handshake response answers with an error or closes the connection.
     */
    public static MysqlClient attach(Channel channel, ServerSession session, ClientOptions options) {
        addFraming(channel, options);
        // A Unix socket is private to the machine: caching_sha2_password may send a password in clear on it.
        boolean localSocket = !(channel.remoteAddress() instanceof InetSocketAddress);
        return commandPhase(channel, session, options, localSocket);
    }

    private static ChannelPipeline addFraming(Channel channel, ClientOptions options) {
        return channel.pipeline()
                .addLast(FRAME_DECODER, new PacketFrameDecoder(options.maxPayload()))
                .addLast(FRAME_ENCODER, PacketEncoder.INSTANCE);
    }

    /** After the login: the handler that sends commands and collects their responses. */
    private static MysqlClient commandPhase(Channel channel, ServerSession session, ClientOptions options,
            boolean localSocket) {
        CommandHandler commands = new CommandHandler(session.capabilities(), options.localInfile());
        channel.pipeline().addLast(CommandHandler.NAME, commands);
        return new MysqlClient(channel, options, localSocket, session, commands);
    }

    public ServerSession session() {
        return session;
    }

    public Channel channel() {
        return channel;
    }

    public CompletableFuture<QueryResult> query(String sql) {
        return send(out -> ComQuery.of(sql).encode(out, session.capabilities()),
                response -> ResultReader.results(session.capabilities(), response, false));
    }

    public CompletableFuture<PreparedStatement> prepare(String sql) {
        return send(out -> new ComStmtPrepare(sql).encode(out),
                response -> ResultReader.prepared(session.capabilities(), response));
    }

    /**
     * Executes a prepared statement with the given parameters (Long, Integer, String, byte[],
     * Double or null), binding types on every call.
     *
     * @param cursor open a read-only cursor; rows then come with {@link #fetch}
     */
    public CompletableFuture<QueryResult> execute(PreparedStatement statement, List<Object> parameters, boolean cursor) {
        return send(out -> ExecuteEncoder.encode(out, statement, parameters, cursor, session.capabilities()),
                response -> ResultReader.results(session.capabilities(), response, true));
    }

    public CompletableFuture<QueryResult> fetch(PreparedStatement statement, List<ColumnDefinition41> columns, long rows) {
        return send(out -> new ComStmtFetch(statement.statementId(), rows).encode(out),
                response -> ResultReader.fetched(session.capabilities(), response, columns));
    }

    public CompletableFuture<Void> closeStatement(PreparedStatement statement) {
        return send(out -> new ComStmtClose(statement.statementId()).encode(out), response -> null);
    }

    public CompletableFuture<Void> ping() {
        return send(BodilessCommand.PING::encode, response -> {
            if (response.end().isError()) {
                throw new MysqlServerException(response.end().errorCode(), response.end().sqlState(),
                        response.end().errorMessage());
            }
            return null;
        });
    }

    /**
     * Sends a command payload as it is and returns the raw response; the caller releases it. For
     * tests that look at bytes, and for commands this class has no method for. For a replication
     * command the response is its first packet only (an ERR when refused): the event stream that
     * would follow is not followed.
     */
    public CompletableFuture<RawResponse> sendRaw(ByteBuf payload) {
        Promise<RawResponse> promise = channel.eventLoop().newPromise();
        channel.eventLoop().execute(() -> commands.send(payload, promise));
        return completable(promise);
    }

    /**
     * COM_CHANGE_USER: logs in again on this connection, as {@code user} in {@code database} (null for
     * none), which also resets the session; TLS and the other options stay those of the login. Call it
     * with no command in flight. Completes with the new session; fails with {@link MysqlServerException}
     * when the server refuses, and the connection then stays open as the previous user.
     */
    public CompletableFuture<ServerSession> changeUser(String user, String password, String database) {
        Promise<ServerSession> promise = channel.eventLoop().newPromise();
        promise.addListener((Future<ServerSession> done) -> {
            if (done.isSuccess()) {
                session = done.getNow();
            }
        });
        channel.eventLoop().execute(() -> {
            if (!commands.idle()) {
                promise.setFailure(new IllegalStateException("COM_CHANGE_USER while a command is in flight"));
                return;
            }
            channel.pipeline().addBefore(CommandHandler.NAME, ClientLoginHandler.NAME, ClientLoginHandler.forChangeUser(
                    options.withCredentials(user, password).withDatabase(database), session, localSocket, promise));
        });
        return completable(promise);
    }

    private static <T> CompletableFuture<T> completable(Future<T> future) {
        CompletableFuture<T> result = new CompletableFuture<>();
        future.addListener((Future<T> done) -> {
            if (done.isSuccess()) {
                result.complete(done.getNow());
            } else {
                result.completeExceptionally(done.cause());
            }
        });
        return result;
    }

    private <T> CompletableFuture<T> send(Consumer<ByteBuf> writer, Function<RawResponse, T> reader) {
        ByteBuf payload = channel.alloc().buffer();
        writer.accept(payload);
        return sendRaw(payload).thenApply(response -> {
            try {
                return reader.apply(response);
            } finally {
                response.release();
            }
        });
    }

    /** Sends COM_QUIT and closes the connection. */
    @Override
    public void close() {
        if (channel.isActive()) {
            send(BodilessCommand.QUIT::encode, response -> null);
        }
        channel.close().syncUninterruptibly();
    }
}
