package io.mybouncer.proxy.session;

import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.netty.channel.ChannelHandlerContext;

/**
 * Where a client that logged in to the admin database
 * ({@link io.mybouncer.proxy.config.AdminSettings#DATABASE}) goes instead of a pooled session: the
 * admin console, which depends on this package rather than the other way round.
 */
@FunctionalInterface
public interface AdminRoute {
    /**
     * Puts the console's handler in {@code starter}'s place on the client's pipeline.
     *
     * @param client the login; a password it revealed (passthrough) is the console's to wipe
     */
    void enter(ChannelHandlerContext starter, long sessionId, AuthenticatedClient client);
}
