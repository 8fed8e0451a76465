package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.proxy.session.SessionServices;
import io.mybouncer.proxy.session.SessionStarter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Builds each client's pipeline: framing, then the login handler, then the session starter that
 * becomes the session handler after login. Refuses the connection with an ERR instead of a
 * greeting when the proxy is at its client limit or does not know its backend yet.
 */
@Sharable
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {
    /** Counts the MySQL protocol's bytes; TLS, when started, goes in front of it (ClientHandshakeHandler). */
    public static final String TRAFFIC = "traffic";
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String FRAME_ENCODER = "frame-encoder";

    /** Current settings (null while the backend's greeting has not been read yet). */
    private final Supplier<FrontendSettings> settings;
    private final boolean unixSocket;
    /** The limit in force (a reload may change it). */
    private final IntSupplier maxClientConnections;
    private final AtomicInteger clients;
    private final AtomicLong connectionIds;
    private final SessionServices sessions;
    private final LoginAdmission admission;
    private final ChannelHandler traffic;

    /**
     * @param admission the last check of every login and COM_CHANGE_USER
     * @param traffic   counts every client's bytes
     */
    public ClientChannelInitializer(Supplier<FrontendSettings> settings, boolean unixSocket,
            IntSupplier maxClientConnections, AtomicInteger clients, AtomicLong connectionIds, SessionServices sessions,
            LoginAdmission admission, ChannelHandler traffic) {
        this.settings = settings;
        this.unixSocket = unixSocket;
        this.maxClientConnections = maxClientConnections;
        this.clients = clients;
        this.connectionIds = connectionIds;
        this.sessions = sessions;
        this.admission = admission;
        this.traffic = traffic;
    }

    @Override
    protected void initChannel(Channel channel) {
        int count = clients.incrementAndGet();
        channel.closeFuture().addListener(closed -> clients.decrementAndGet());
        FrontendSettings current = settings.get();
        channel.pipeline().addLast(TRAFFIC, traffic);
        channel.pipeline().addLast(FRAME_DECODER, new PacketFrameDecoder(
                current == null ? ClientHandshakeHandler.MAX_LOGIN_PAYLOAD : current.maxPayload()));
        // Forwarding: relayed packets of 16 MiB and more must reach the client exactly as the backend cut them.
        channel.pipeline().addLast(FRAME_ENCODER, PacketEncoder.FORWARDING);
        int limit = maxClientConnections.getAsInt();
        if (count > limit) {
            refuse(channel, ProxyError.TOO_MANY_CONNECTIONS, limit);
            return;
        }
        if (current == null) {
            refuse(channel, ProxyError.BACKEND_UNREACHABLE, sessions.pools().backendName(),
                    "its greeting has not been read yet");
            return;
        }
        long id = connectionIds.incrementAndGet();
        channel.pipeline()
                .addLast(ClientHandshakeHandler.NAME, new ClientHandshakeHandler(current, id, unixSocket, admission))
                .addLast(SessionStarter.NAME, new SessionStarter(id, sessions, current, admission));
    }

    /** An ERR in place of the greeting (sequence id 0), as MySQL does for "Too many connections". */
    private static void refuse(Channel channel, ProxyError error, Object... arguments) {
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(error.toPacket(ctx.alloc(), 0, arguments)).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }
}
