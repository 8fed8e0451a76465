package io.mybouncer.proxy.frontend;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The last word on a login, after the client's password checked out and before the OK is sent:
 * where passthrough mode verifies a revealed password by logging in to the backend as that user.
 * Called on the connection's event loop; must not block it. The stage may complete on any thread.
 */
@FunctionalInterface
public interface LoginAdmission {
    /** Admits every client the authenticator accepted. */
    LoginAdmission ACCEPT_ALL = client -> CompletableFuture.completedFuture(Optional.empty());

    /**
     * Completes with empty to admit {@code client}, or with the ERR to send before closing. It must
     * not complete exceptionally: a failure to decide is mapped to a {@link ProxyError} by the
     * implementation (e.g. {@link ProxyError#BACKEND_UNREACHABLE}).
     */
    CompletionStage<Optional<AuthDecision.Deny>> admit(AuthenticatedClient client);
}
