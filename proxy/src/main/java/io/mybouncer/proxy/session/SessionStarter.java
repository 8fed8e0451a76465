package io.mybouncer.proxy.session;

import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.FrontendSettings;
import io.mybouncer.proxy.frontend.LoginAdmission;
import io.mybouncer.proxy.frontend.LoginFailed;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Waits behind the login handler for its {@link AuthenticatedClient} event, then starts the
 * client's {@link ClientSession}, registers it, logs the client's arrival and departure
 * ({@link ClientLifecycleLog}), and puts a {@link ClientSessionHandler} in its own place; a client
 * that logged in to the admin database goes to the console instead ({@link AdminRoute}).
 */
public final class SessionStarter extends ChannelInboundHandlerAdapter {
    public static final String NAME = "session-starter";

    private final long sessionId;
    private final SessionServices services;
    private final FrontendSettings settings;
    private final LoginAdmission admission;

    /**
     * @param settings  the login's settings, which a COM_CHANGE_USER in the session authenticates against
     * @param admission the login's admission, which a COM_CHANGE_USER passes too
     */
    public SessionStarter(long sessionId, SessionServices services, FrontendSettings settings,
            LoginAdmission admission) {
        this.sessionId = sessionId;
        this.services = services;
        this.settings = settings;
        this.admission = admission;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof LoginFailed failure) {
            ClientLifecycleLog.loginFailed(sessionId, ctx.channel(), failure);
        }
        if (!(event instanceof AuthenticatedClient client)) {
            super.userEventTriggered(ctx, event);
            return;
        }
        ClientLifecycleLog.loggedIn(sessionId, ctx.channel(), client);
        long since = System.nanoTime();
        ctx.channel().closeFuture().addListener(closed -> ClientLifecycleLog.left(sessionId, ctx.channel(), since));
        if (AdminSettings.isConsole(client.database())) {
            services.admin().enter(ctx, sessionId, client);
            return;
        }
        ClientSession session = new ClientSession(sessionId, ctx.channel(), client, services.pools(), settings,
                admission, services.forkHazards());
        services.registry().add(session);
        ctx.channel().closeFuture().addListener(closed -> services.registry().remove(session));
        ctx.pipeline().replace(this, ClientSessionHandler.NAME, new ClientSessionHandler(session));
    }
}
