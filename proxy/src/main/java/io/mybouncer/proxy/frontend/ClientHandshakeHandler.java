package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.HandshakeResponse41;
import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.auth.Scramble;
import io.mybouncer.protocol.auth.SslRequest;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The server side of the connection phase for one client, on a pipeline that already has a
 * {@link PacketFrameDecoder} and {@code PacketEncoder.FORWARDING} in front of it: greeting, optional
 * TLS upgrade, then authentication ({@link ClientAuthenticator}) and admission ({@link LoginAdmission})
 * through an {@link AuthExchange}, ending with OK. On success it removes itself (Netty's HAProxy decoder pattern) and fires the
 * {@link AuthenticatedClient} as a user event for the session handler behind it; packets the client
 * sends after the OK flow to that handler.
 *
 * <pre>
 * proxy:  HandshakeV10 (seq 0)
 * client: SslRequest (1) → TLS handshake → HandshakeResponse41 (2)   or   HandshakeResponse41 (1)
 * proxy:  OK | ERR | AuthSwitchRequest | AuthMoreData (seq + 1), and so on, each side +1
 * </pre>
 *
 * <p>Every failure the client caused ends with a {@link ProxyError} ERR, a {@link LoginFailed}
 * event and the close of this connection only: a wrong sequence id, a packet that does not decode,
 * a packet over {@link #MAX_LOGIN_PAYLOAD}, a login that takes longer than the configured timeout.
 * No exception a client can cause reaches the pipeline's tail.
 *
 * <p>TLS: when the SslRequest arrives the client may already have sent its TLS ClientHello, which
 * the frame decoder then holds. The decoder is therefore removed (it hands over the bytes it holds),
 * an {@link SslHandler} goes first, a fresh decoder after it, and the held bytes are replayed into
 * the TLS handler. The decoder's limit must allow the ClientHello's first four bytes read as a
 * packet header (a length of 66,326 bytes), which any max_allowed_packet does.
 *
 * <p>Not sharable: one instance per connection. All fields are confined to the channel's event loop.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection phase</a>
 */
public final class ClientHandshakeHandler extends ChannelInboundHandlerAdapter {
    public static final String NAME = "mysql-client-handshake";
    public static final String TLS_NAME = "tls";
    /**
     * The largest client packet accepted during login: room for 64 KiB of connect attributes (what
     * libmysqlclient allows) plus the rest of a handshake response; RSA blocks and passwords are
     * far smaller.
     */
    public static final int MAX_LOGIN_PAYLOAD = 1 << 17;

    private enum State {
        /** Added to a channel that is not active yet; the greeting goes out on channelActive. */
        NEW,
        /** Greeting sent; an SslRequest or a HandshakeResponse41 comes next. */
        AWAIT_LOGIN,
        /** SslRequest received; the HandshakeResponse41 comes next, inside TLS. */
        AWAIT_TLS_LOGIN,
        /** The HandshakeResponse41 is in; the {@link AuthExchange} runs until OK or ERR. */
        AUTHENTICATING,
        /** Logged in (and removed), failed, or the client left. */
        DONE
    }

    private final FrontendSettings settings;
    private final long connectionId;
    private final boolean unixSocket;
    private final LoginAdmission admission;

    private State state = State.NEW;
    /** Set when the greeting is sent. */
    private CapabilitySet offered;
    private byte[] scramble;
    private ScheduledFuture<?> loginTimeout;
    /** The last sequence id on the wire in either direction; the next packet must carry it + 1. */
    private int sequenceId;
    /** Set when the SslRequest arrives. */
    private SslHandler sslHandler;
    /** Bytes the frame decoder held when TLS started; set and consumed within {@link #startTls}. */
    private ByteBuf heldTlsBytes;
    /** Set from the HandshakeResponse41. */
    private AuthExchange exchange;

    /**
     * @param connectionId the id the greeting announces (what CONNECTION_ID() and KILL see)
     * @param unixSocket   whether the client came through the Unix socket listener
     * @param admission    the last check before the OK; {@link LoginAdmission#ACCEPT_ALL} if none
     */
    public ClientHandshakeHandler(FrontendSettings settings, long connectionId, boolean unixSocket,
            LoginAdmission admission) {
        this.settings = settings;
        this.connectionId = connectionId;
        this.unixSocket = unixSocket;
        this.admission = admission;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendGreeting(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (state == State.NEW) {
            sendGreeting(ctx);
        }
        ctx.fireChannelActive();
    }

    private void sendGreeting(ChannelHandlerContext ctx) {
        state = State.AWAIT_LOGIN;
        offered = ProxyCapabilities.offered(settings.server().backendCapabilities(), settings.tls() != null,
                settings.localInfile());
        scramble = Scramble.generate(settings.random()).bytes();
        HandshakeV10 greeting = new HandshakeV10(settings.server().serverVersion(), connectionId, scramble, offered,
                settings.server().collationId() & 0xFF, AuthExchange.AUTOCOMMIT, settings.defaultAuthPlugin());
        sequenceId = -1;
        write(ctx, greeting::encode);
        ctx.flush();
        long millis = settings.loginTimeout().toMillis();
        loginTimeout = ctx.executor().schedule(() -> fail(ctx, ProxyError.LOGIN_TIMEOUT, millis),
                millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes && state == State.AWAIT_TLS_LOGIN && heldTlsBytes == null
                && sslHandler == null) {
            // The removed frame decoder handing over what it held: the start of the TLS handshake.
            heldTlsBytes = bytes;
            return;
        }
        if (!(msg instanceof Packet packet)) {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("expected a Packet from PacketFrameDecoder, got " + msg.getClass().getName());
        }
        try {
            onPacket(ctx, packet);
        } catch (ProtocolException e) {
            fail(ctx, ProxyError.PROTOCOL_VIOLATION, e.getMessage());
        } finally {
            packet.release();
        }
    }

    private void onPacket(ChannelHandlerContext ctx, Packet packet) {
        switch (state) {
            case DONE -> {
                // Failed and closing: whatever else the client sent is dropped.
            }
            case AUTHENTICATING -> exchange.onPacket(packet);
            case AWAIT_LOGIN, AWAIT_TLS_LOGIN -> onLoginPacket(ctx, packet);
            default -> throw new IllegalStateException("bad state: " + state);
        }
    }

    /** The client's first packet, or the HandshakeResponse41 after TLS. */
    private void onLoginPacket(ChannelHandlerContext ctx, Packet packet) {
        int expected = (sequenceId + 1) & 0xFF;
        AuthDecision.Deny misfit = AuthExchange.misfit(packet, expected);
        if (packet.sequenceId() == expected) {
            sequenceId = expected;
        }
        if (misfit != null) {
            fail(ctx, misfit);
            return;
        }
        ByteBuf payload = packet.content();
        if (state == State.AWAIT_LOGIN && SslRequest.isSslRequest(payload)) {
            onSslRequest(ctx, payload);
            return;
        }
        if (state == State.AWAIT_TLS_LOGIN && !sslHandler.handshakeFuture().isSuccess()) {
            throw new ProtocolException("login: a packet before the TLS handshake finished"
                    + " (expected: the HandshakeResponse41 inside TLS)");
        }
        onHandshakeResponse(ctx, payload);
    }

    private void onSslRequest(ChannelHandlerContext ctx, ByteBuf payload) {
        if (settings.tls() == null) {
            throw new ProtocolException("login: SslRequest (expected: a HandshakeResponse41;"
                    + " TLS is not configured, so the greeting did not offer CLIENT_SSL)");
        }
        SslRequest.decode(payload);
        state = State.AWAIT_TLS_LOGIN;
        startTls(ctx);
    }

    private void startTls(ChannelHandlerContext ctx) {
        ChannelPipeline pipeline = ctx.pipeline();
        ChannelHandlerContext decoder = pipeline.context(PacketFrameDecoder.class);
        if (decoder == null) {
            throw new IllegalStateException("no PacketFrameDecoder in front of " + NAME + ": " + pipeline.names());
        }
        String decoderName = decoder.name();
        List<String> names = pipeline.names();
        // The new decoder takes the old one's place: handlers in front of it (byte counting) stay there.
        String following = names.get(names.indexOf(decoderName) + 1);
        // Removal hands whatever the decoder held to channelRead as a ByteBuf (heldTlsBytes).
        pipeline.remove(decoder.handler());
        sslHandler = settings.tls().newHandler(ctx.alloc());
        pipeline.addFirst(TLS_NAME, sslHandler);
        pipeline.addBefore(following, decoderName, new PacketFrameDecoder(settings.maxPayload()));
        sslHandler.handshakeFuture().addListener(done -> {
            if (!done.isSuccess()) {
                tlsFailed(ctx, done.cause());
            }
        });
        ByteBuf held = heldTlsBytes;
        heldTlsBytes = null;
        if (held != null) {
            pipeline.fireChannelRead(held);
            pipeline.fireChannelReadComplete();
        }
    }

    private void onHandshakeResponse(ChannelHandlerContext ctx, ByteBuf payload) {
        HandshakeResponse41 response = HandshakeResponse41.decode(payload);
        ClientTransport transport = ClientTransport.of(ctx.channel(), sslHandler != null, unixSocket);
        ClientAuthenticator authenticator = new ClientAuthenticator(settings.users(), transport, scramble,
                settings.rsaKeys(), settings.random());
        Map<String, String> attributes = response.connectAttributes() == null ? Map.of() : response.connectAttributes();
        exchange = new AuthExchange(ctx.channel(), authenticator, admission,
                accept -> new AuthenticatedClient(accept.user(), response.database(), response.characterSet(),
                        response.capabilities().and(offered), attributes, transport, accept.password()),
                new ExchangeOutcome(ctx), settings.server().serverVersion(), attributes);
        state = State.AUTHENTICATING;
        exchange.start(sequenceId, authenticator.onHandshakeResponse(response));
    }

    /** What the end of the exchange means here: the session takes over, or the connection closes. */
    private final class ExchangeOutcome implements AuthExchange.Outcome {
        private final ChannelHandlerContext ctx;

        ExchangeOutcome(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void admitted(AuthenticatedClient client) {
            finish();
            ctx.pipeline().remove(ClientHandshakeHandler.this);
            ctx.fireUserEventTriggered(client);
        }

        @Override
        public boolean refused(AuthDecision.Deny deny, boolean violation) {
            finish();
            ctx.fireUserEventTriggered(new LoginFailed(deny.error(), deny.packet().message()));
            return true;
        }

        @Override
        public void broken(Throwable error) {
            finish();
            ctx.close();
            ctx.fireExceptionCaught(error);
        }
    }

    private void fail(ChannelHandlerContext ctx, ProxyError error, Object... arguments) {
        fail(ctx, AuthDecision.Deny.of(error, arguments));
    }

    /** Sends the ERR, closes once it is written, and tells the handlers behind. */
    private void fail(ChannelHandlerContext ctx, AuthDecision.Deny deny) {
        if (state == State.DONE) {
            return;
        }
        if (state == State.AUTHENTICATING) {
            // The exchange knows the sequence; it ends through ExchangeOutcome.refused.
            exchange.fail(deny);
            return;
        }
        finish();
        ctx.fireUserEventTriggered(new LoginFailed(deny.error(), deny.packet().message()));
        sequenceId = (sequenceId + 1) & 0xFF;
        ctx.writeAndFlush(ProxyError.encode(ctx.alloc(), sequenceId, deny.packet()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** No ERR: whatever went wrong happened inside TLS, which can no longer carry one. */
    private void tlsFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (state == State.DONE) {
            return;
        }
        finish();
        ctx.fireUserEventTriggered(new LoginFailed(ProxyError.PROTOCOL_VIOLATION,
                "TLS handshake failed: " + cause.getMessage()));
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (state == State.DONE) {
            // Already failing: the connection is on its way out.
            ctx.close();
        } else if (root instanceof ProtocolException) {
            fail(ctx, ProxyError.PROTOCOL_VIOLATION, root.getMessage());
        } else if (root instanceof SSLException) {
            tlsFailed(ctx, root);
        } else if (root instanceof IOException) {
            // The client reset or broke the connection; nobody is left to read an ERR.
            finish();
            ctx.close();
        } else {
            finish();
            ctx.close();
            ctx.fireExceptionCaught(cause);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        finish();
        if (heldTlsBytes != null) {
            heldTlsBytes.release();
            heldTlsBytes = null;
        }
    }

    /** The login is over, one way or another: no timeout, no further packets. */
    private void finish() {
        state = State.DONE;
        if (exchange != null) {
            exchange.abort();
        }
        if (loginTimeout != null) {
            loginTimeout.cancel(false);
            loginTimeout = null;
        }
    }

    /** Writes one packet with the next sequence id; the caller flushes. */
    private void write(ChannelHandlerContext ctx, Consumer<ByteBuf> writer) {
        ByteBuf payload = ctx.alloc().buffer();
        writer.accept(payload);
        sequenceId = (sequenceId + 1) & 0xFF;
        ctx.write(new Packet(sequenceId, payload));
    }
}
