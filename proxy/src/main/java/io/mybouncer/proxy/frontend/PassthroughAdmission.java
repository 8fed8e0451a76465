package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.client.MysqlServerException;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Admission in passthrough mode (DESIGN part 2): the proxy stores no password, so the one a client
 * revealed through caching_sha2_password full authentication is checked by logging in to the
 * backend as that user ({@link BackendLoginCheck}). Once the backend has accepted it, a salted
 * verifier ({@link PasswordVerifiers}) admits the same password without a backend round trip; a
 * different password is checked with the backend again, since it may have been changed there.
 *
 * <p>The backend's refusal (1045) becomes the proxy's own 1045, with the usual message about the
 * client's host, not the backend's text (which names the proxy's host as the backend sees it); any
 * other failure to check is {@link ProxyError#BACKEND_UNREACHABLE}.
 */
public final class PassthroughAdmission implements LoginAdmission {
    /** ER_ACCESS_DENIED_ERROR: the backend's answer to a wrong password or an unknown user. */
    private static final int ACCESS_DENIED = 1045;

    private final PasswordVerifiers verifiers;
    private final BackendLoginCheck backend;
    private final String backendName;

    /** @param backendName the backend's address, for the error when it cannot be asked */
    public PassthroughAdmission(PasswordVerifiers verifiers, BackendLoginCheck backend, String backendName) {
        this.verifiers = verifiers;
        this.backend = backend;
        this.backendName = backendName;
    }

    @Override
    public CompletionStage<Optional<AuthDecision.Deny>> admit(AuthenticatedClient client, EventLoop loop) {
        if (client.password() == null) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "passthrough admission of '" + client.user() + "' without a revealed password"));
        }
        byte[] password = client.password().bytes();
        if (verifiers.matches(client.user(), password)) {
            Arrays.fill(password, (byte) 0);
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return backend.logIn(client, loop).handle((ok, error) -> {
            try {
                return decide(client, password, error);
            } finally {
                Arrays.fill(password, (byte) 0);
            }
        });
    }

    private Optional<AuthDecision.Deny> decide(AuthenticatedClient client, byte[] password, Throwable error) {
        if (error == null) {
            verifiers.remember(client.user(), password);
            return Optional.empty();
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (refusesPassword(cause)) {
            verifiers.forget(client.user());
            return Optional.of(AuthDecision.Deny.of(ProxyError.ACCESS_DENIED, client.user(),
                    client.transport().host(), password.length > 0 ? "YES" : "NO"));
        }
        String detail = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        return Optional.of(AuthDecision.Deny.of(ProxyError.BACKEND_UNREACHABLE, backendName, detail));
    }

    /** Whether a backend login failed because the backend refused the user's password. */
    public static boolean refusesPassword(Throwable cause) {
        return cause instanceof MysqlServerException refused && refused.errorCode() == ACCESS_DENIED;
    }
}
