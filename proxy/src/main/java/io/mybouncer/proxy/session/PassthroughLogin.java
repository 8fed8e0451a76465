package io.mybouncer.proxy.session;

import io.mybouncer.proxy.backend.BackendConnector;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.BackendLoginCheck;
import io.mybouncer.proxy.pool.PooledConnection;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checks a passthrough client's password the one way the proxy can, by logging in to the backend
 * as the client, with the key its session will use; the connection is not wasted: it joins the
 * client's pool ({@link io.mybouncer.proxy.pool.Pool#adopt}), on the client's event loop, so the
 * client's first command usually gets it.
 */
public final class PassthroughLogin implements BackendLoginCheck {
    private final SessionPools pools;
    private final BackendConnector connector;

    public PassthroughLogin(SessionPools pools, BackendConnector connector) {
        this.pools = pools;
        this.connector = connector;
    }

    @Override
    public CompletionStage<Void> logIn(AuthenticatedClient client, EventLoop loop) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        connector.connect(pools.keyOf(client), loop, client.password().asString())
                .addListener((Future<PooledConnection> done) -> {
                    if (done.isSuccess()) {
                        pools.poolOf(client).adopt(done.getNow());
                        result.complete(null);
                    } else {
                        result.completeExceptionally(done.cause());
                    }
                });
        return result;
    }
}
