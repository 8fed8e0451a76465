package io.mybouncer.proxy.frontend;

import io.netty.channel.EventLoop;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The last word on a login (or a COM_CHANGE_USER), after the client's password checked out and
 * before the OK is sent: where passthrough mode verifies a revealed password by logging in to the
 * backend as that user ({@link PassthroughAdmission}). Called on the connection's event loop; must
 * not block it. The stage may complete on any thread.
 */
@FunctionalInterface
public interface LoginAdmission {
    /** Admits every client the authenticator accepted. */
    LoginAdmission ACCEPT_ALL = (client, loop) -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * Completes with empty to admit {@code client}, or with the ERR to send before closing. It must
     * not complete exceptionally: a failure to decide is mapped to a {@link ProxyError} by the
     * implementation (e.g. {@link ProxyError#BACKEND_UNREACHABLE}).
     *
     * @param loop the client connection's event loop: a backend connection opened for the decision
     *             belongs there, so the client later gets it without a thread hop
     */
    CompletionStage<Optional<AuthDecision.Deny>> admit(AuthenticatedClient client, EventLoop loop);
}
