package io.mybouncer.proxy.frontend;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletionStage;

/**
 * Logs in to the backend as a client, with the password it revealed: how passthrough mode checks a
 * password ({@link PassthroughAdmission}). {@code session.PassthroughLogin} implements it, and keeps
 * the connection it opens for the client's pool.
 */
@FunctionalInterface
public interface BackendLoginCheck {
    /**
     * Completes when the backend accepted the login; fails with the backend's
     * {@link io.mybouncer.protocol.client.MysqlServerException} when it refused, or with the error
     * that kept the proxy from asking.
     *
     * @param client a client whose {@link AuthenticatedClient#password()} is set
     * @param loop   the client's event loop, where the connection is opened
     */
    CompletionStage<Void> logIn(AuthenticatedClient client, EventLoop loop);
}
