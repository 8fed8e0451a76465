package io.mybouncer.protocol.client;

import io.mybouncer.protocol.packet.Packet;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/**
 * Drives a {@link ClientLogin} on a channel whose pipeline already frames packets, inserting an
 * {@link SslHandler} in front of the framing when the login upgrades to TLS. Removes itself when
 * the login ends (Netty's HAProxy decoder pattern) and completes {@code result}; on failure it
 * also closes the channel.
 *
 * <p>{@link #forChangeUser} drives a COM_CHANGE_USER instead, on a logged-in channel: added in
 * front of the command handler, it sends the command at once, and a refusal by the server (an ERR)
 * leaves the connection open, as the server does.
 */
public final class ClientLoginHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "mysql-login";
    public static final String TLS_NAME = "tls";

    private final ClientOptions options;
    private final boolean localSocket;
    private final Promise<ServerSession> result;
    /** For a COM_CHANGE_USER: the session so far; null for a login. */
    private final ServerSession changedFrom;
    private ClientLogin login;

    public ClientLoginHandler(ClientOptions options, boolean localSocket, Promise<ServerSession> result) {
        this(options, localSocket, result, null);
    }

    private ClientLoginHandler(ClientOptions options, boolean localSocket, Promise<ServerSession> result,
            ServerSession changedFrom) {
        this.options = options;
        this.localSocket = localSocket;
        this.result = result;
        this.changedFrom = changedFrom;
    }

    /** A COM_CHANGE_USER to {@code options}' user on a channel whose login established {@code session}. */
    public static ClientLoginHandler forChangeUser(ClientOptions options, ServerSession session, boolean localSocket,
            Promise<ServerSession> result) {
        return new ClientLoginHandler(options, localSocket, result, session);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ClientLogin.Output output = new ClientLogin.Output() {
            @Override
            public void send(Packet packet) {
                ctx.writeAndFlush(packet);
            }

            @Override
            public void startTls() {
                SslHandler ssl = sslContext().newHandler(ctx.alloc());
                ctx.pipeline().addFirst(TLS_NAME, ssl);
                ssl.handshakeFuture().addListener(done -> {
                    if (done.isSuccess()) {
                        login.onTlsEstablished();
                    } else {
                        fail(ctx, done.cause());
                    }
                });
            }

            @Override
            public void succeeded(ServerSession session) {
                ctx.pipeline().remove(ClientLoginHandler.this);
                result.trySuccess(session);
            }

            @Override
            public void failed(Exception cause) {
                if (changedFrom != null && cause instanceof MysqlServerException) {
                    // The server refused the new user and keeps the connection (with the previous user).
                    ctx.pipeline().remove(ClientLoginHandler.this);
                    result.tryFailure(cause);
                } else {
                    fail(ctx, cause);
                }
            }
        };
        if (changedFrom == null) {
            login = new ClientLogin(options, localSocket, ctx.alloc(), output);
        } else {
            login = ClientLogin.forChangeUser(options, changedFrom, localSocket, ctx.alloc(), output);
            login.sendChangeUser();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Packet packet = (Packet) msg;
        try {
            login.onPacket(packet);
        } finally {
            packet.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        result.tryFailure(new ClosedChannelException());
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        result.tryFailure(cause);
        ctx.close();
    }

    private SslContext sslContext() {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient();
            if (options.tlsMode() == TlsMode.VERIFY_CA) {
                // VERIFY_CA checks the chain, not the host name (MySQL's ssl-mode semantics);
                // Netty 4.2 clients check the host name unless told not to.
                builder.trustManager(options.caCertificate().toFile()).endpointIdentificationAlgorithm(null);
            } else {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            }
            return builder.build();
        } catch (SSLException e) {
            throw new UncheckedIOException(new IOException("TLS setup: " + e.getMessage(), e));
        }
    }
}
