package io.mybouncer.proxy.pool;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

/**
 * Opens one backend connection for a pool: connect, log in as the key's user with the key's
 * capabilities. {@code backend.BackendConnector} implements it.
 */
@FunctionalInterface
public interface BackendFactory {
    /**
     * Starts connecting on {@code loop} (the requesting client's, so client and backend share a
     * thread). The future fails, rather than this method throwing, when the backend cannot be
     * reached or refuses the login, and it must complete within the configured connect timeout:
     * the pool counts the attempt against its size until it does.
     */
    Future<PooledConnection> connect(PoolKey key, EventLoop loop);
}
