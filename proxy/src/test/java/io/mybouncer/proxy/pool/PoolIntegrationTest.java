package io.mybouncer.proxy.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.QueryResult;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.config.PoolSettings;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool against the real server, with connections from the protocol library's client
 * ({@link MysqlClientConnection}): reuse, reset between clients, and a backend killed on the server.
 */
@ExtendWith(TestBackendExtension.class)
class PoolIntegrationTest {
    private static final long WAIT_SECONDS = 10;

    private final NettyTransport transport = NettyTransport.preferred();
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(2, transport.ioHandlerFactory());
    private final EventLoop loop = group.next();
    private Pool pool;

    @AfterEach
    void closePoolAndLoops() {
        if (pool != null) {
            pool.close();
        }
        assertThat(group.shutdownGracefully(0, 0, TimeUnit.SECONDS)
                .awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void reusesOneBackendConnectionAcrossClients(TestBackend backend) throws Exception {
        pool = pool(backend);
        MysqlClientConnection first = acquire();
        long serverThread = first.id();
        assertThat(query(first, "SELECT 1")).containsExactly(List.of("1"));
        pool.release(first);

        MysqlClientConnection second = acquire();

        assertThat(second).isSameAs(first);
        assertThat(query(second, "SELECT CONNECTION_ID()")).containsExactly(List.of(Long.toString(serverThread)));
        assertThat(pool.stats().created()).isEqualTo(1);
    }

    @Test
    void theNextClientSeesNoSessionStateOfThePreviousOne(TestBackend backend) throws Exception {
        pool = pool(backend);
        MysqlClientConnection first = acquire();
        query(first, "SET @v = 1");
        assertThat(query(first, "SELECT @v")).containsExactly(List.of("1"));
        pool.release(first);

        MysqlClientConnection second = acquire();

        assertThat(second).as("the same backend, reset").isSameAs(first);
        assertThat(query(second, "SELECT @v")).containsExactly(Arrays.asList((String) null));
    }

    @Test
    void replacesABackendConnectionKilledOnTheServer(TestBackend backend) throws Exception {
        pool = pool(backend);
        MysqlClientConnection victim = acquire();
        long serverThread = victim.id();
        pool.release(victim);
        awaitUntil(() -> pool.stats().idle() == 1, "the released connection to be reset and idle");

        try (Connection admin = backend.connectAsAdmin(); Statement statement = admin.createStatement()) {
            statement.execute("KILL " + serverThread);
        }
        assertThat(victim.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the server hung up").isTrue();

        MysqlClientConnection replacement = acquire();
        assertThat(replacement.id()).isNotEqualTo(serverThread);
        assertThat(query(replacement, "SELECT 1")).containsExactly(List.of("1"));
        assertThat(pool.stats().closed()).containsEntry(CloseReason.BACKEND_CLOSED, 1L);
        assertThat(pool.stats().created()).isEqualTo(2);
    }

    private Pool pool(TestBackend backend) {
        PoolKey key = new PoolKey(backend.user(), TestBackend.SCHEMA, ClientOptions.UTF8MB4_GENERAL_CI,
                CapabilitySet.NONE);
        PoolSettings settings = new PoolSettings(PoolMode.SESSION, 1, 0, 10, Duration.ofSeconds(WAIT_SECONDS),
                Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
        return new Pool(key, settings, new MysqlClientFactory(backend, transport), group, Ticker.systemTicker(),
                AcquireListener.NONE);
    }

    private MysqlClientConnection acquire() throws InterruptedException {
        Future<PooledConnection> acquired = pool.acquire(loop);
        assertThat(acquired.await(WAIT_SECONDS + 1, TimeUnit.SECONDS)).as("acquire completed").isTrue();
        assertThat(acquired.cause()).isNull();
        return (MysqlClientConnection) acquired.getNow();
    }

    /** The first result set's rows as strings; empty for a statement that returns none. */
    private static List<List<String>> query(MysqlClientConnection connection, String sql) throws Exception {
        QueryResult result = connection.client().query(sql).get(WAIT_SECONDS, TimeUnit.SECONDS);
        return result.resultSets().isEmpty() ? List.of() : result.rows();
    }

    /** Polls {@code condition} every few milliseconds until it holds, failing after the deadline. */
    private static void awaitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for %s", what).isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
