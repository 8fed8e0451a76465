package io.mybouncer.proxy.session;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Function;

/**
 * Waits behind the login handler for its {@link AuthenticatedClient} event, then starts the
 * client's {@link ClientSession} and puts a {@link ClientSessionHandler} in its own place.
 */
public final class SessionStarter extends ChannelInboundHandlerAdapter {
    public static final String NAME = "session-starter";

    /**
     * The client capabilities a backend must share with its client: they change how responses
     * are framed (DEPRECATE_EOF, SESSION_TRACK, MULTI_RESULTS, PS_MULTI_RESULTS), what statements
     * mean (FOUND_ROWS) or what a session may do (MULTI_STATEMENTS, LOCAL_FILES).
     * Everything else a client sets concerns only its own link to the proxy.
     */
    public static final CapabilitySet BACKEND_CAPABILITIES = CapabilitySet.of(
            Capability.CLIENT_FOUND_ROWS, Capability.CLIENT_LOCAL_FILES,
            Capability.CLIENT_MULTI_STATEMENTS, Capability.CLIENT_MULTI_RESULTS, Capability.CLIENT_PS_MULTI_RESULTS,
            Capability.CLIENT_SESSION_TRACK, Capability.CLIENT_DEPRECATE_EOF);

    private final long sessionId;
    /** Client user name to the backend account it uses. */
    private final Function<String, String> backendUsers;
    private final Function<PoolKey, Pool> pools;
    private final SessionRegistry sessions;
    private final ForkHazardDetector forkHazards;
    /** The backend's address, for the session's "cannot connect" errors. */
    private final String backendName;

    public SessionStarter(long sessionId, Function<String, String> backendUsers, Function<PoolKey, Pool> pools,
            SessionRegistry sessions, ForkHazardDetector forkHazards, String backendName) {
        this.sessionId = sessionId;
        this.backendUsers = backendUsers;
        this.pools = pools;
        this.sessions = sessions;
        this.forkHazards = forkHazards;
        this.backendName = backendName;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof AuthenticatedClient client)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        PoolKey key = new PoolKey(backendUsers.apply(client.user()), client.database(), client.collationId(),
                client.capabilities().and(BACKEND_CAPABILITIES));
        ClientSession session = new ClientSession(sessionId, ctx.channel(), pools.apply(key), backendName,
                forkHazards, client.connectAttributes());
        sessions.add(session);
        ctx.channel().closeFuture().addListener(closed -> sessions.remove(session));
        ctx.pipeline().replace(this, ClientSessionHandler.NAME, new ClientSessionHandler(session));
    }
}
