package io.mybouncer.prefork.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.QueryResult;
import io.mybouncer.protocol.packet.OkPacket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SerialConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private EmbeddedServer server;
    private SerialConnection connection;

    @BeforeEach
    void attach() {
        server = new EmbeddedServer();
        server.channel().freezeTime();
        connection = new SerialConnection(server.client(), TIMEOUT);
    }

    @AfterEach
    void nothingLeftOver() {
        server.channel().finishAndReleaseAll();
    }

    @Test
    void sendsOneQueryAtATimeAndTheNextOnceTheAnswerIsIn() {
        CompletableFuture<QueryResult> first = connection.query("SELECT 1");
        CompletableFuture<QueryResult> second = connection.query("SELECT 2");
        assertThat(server.sentQueries()).containsExactly("SELECT 1");

        server.answerRows(List.of(List.of("1", "row-1")));
        assertThat(first.join().rows()).containsExactly(List.of("1", "row-1"));
        assertThat(second).isNotDone();
        assertThat(server.sentQueries()).containsExactly("SELECT 2");

        server.answerOk();
        assertThat(second.join().ok()).isInstanceOf(OkPacket.class);
    }

    @Test
    void aServerErrorFailsOnlyItsOwnQuery() {
        CompletableFuture<QueryResult> failing = connection.query("SELECT * FROM missing");
        CompletableFuture<QueryResult> next = connection.query("SELECT 2");
        server.sentQueries();

        server.answerError(1146, "42S02", "Table 'app.missing' doesn't exist");
        assertThatThrownBy(failing::join).hasCauseInstanceOf(MysqlServerException.class)
                .hasMessageContaining("1146");
        assertThat(server.sentQueries()).containsExactly("SELECT 2");
        server.answerOk();
        assertThat(next).isCompleted();
    }

    @Test
    void noAnswerWithinTheTimeoutLosesTheConnectionForEveryQuery() {
        CompletableFuture<QueryResult> unanswered = connection.query("SELECT 1");
        CompletableFuture<QueryResult> waiting = connection.query("SELECT 2");
        server.sentQueries();

        server.channel().advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        server.channel().runScheduledPendingTasks();
        server.runPendingTasks();

        assertLost(unanswered, "no answer within 3000 ms");
        assertLost(waiting, "no answer within 3000 ms");
        assertThat(server.channel().isOpen()).isFalse();
        CompletableFuture<QueryResult> later = connection.query("SELECT 3");
        server.runPendingTasks();
        assertLost(later, "no answer within 3000 ms");
        assertThat(server.sentQueries()).isEmpty();
    }

    @Test
    void anAnswerNoQueryWaitsForEndsTheConnection() {
        // Another process's answer, read by this one between its own queries.
        server.answerOk();

        CompletableFuture<QueryResult> after = connection.query("SELECT 1");
        server.runPendingTasks();
        assertLost(after, "bytes arrived that no query was waiting for");
    }

    @Test
    void aHangUpRightAfterAnErrorNamesTheError() {
        CompletableFuture<QueryResult> refused = connection.query("SELECT 1");
        server.sentQueries();
        server.answerError(1105, "HY000", "this connection is shared by two processes");
        assertThat(refused).isCompletedExceptionally();

        server.channel().close();
        CompletableFuture<QueryResult> after = connection.query("SELECT 2");
        server.runPendingTasks();
        assertLost(after, "it closed after the server answered ERROR 1105 (HY000): this connection is shared");
    }

    @Test
    void readsTheSocketOnlyWhileAnAnswerIsAwaited() {
        ReadCounter reads = new ReadCounter();
        server.channel().pipeline().addFirst(reads);
        assertThat(server.channel().config().isAutoRead()).isFalse();
        server.channel().pipeline().fireChannelReadComplete();
        assertThat(reads.count).as("idle: no read").isZero();

        CompletableFuture<QueryResult> query = connection.query("SELECT 1");
        server.sentQueries();
        assertThat(reads.count).as("a read once the query is sent").isEqualTo(1);

        // Six packets, one read each: after each of the first five the answer is incomplete.
        server.answerRows(List.of(List.of("1", "row-1")));
        assertThat(query).isCompleted();
        assertThat(reads.count).isEqualTo(6);
        server.channel().pipeline().fireChannelReadComplete();
        assertThat(reads.count).as("idle again: no read").isEqualTo(6);
    }

    private static void assertLost(CompletableFuture<QueryResult> query, String reason) {
        assertThatThrownBy(query::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("database connection lost: ").hasMessageContaining(reason);
    }

    /** Counts the read requests that reach the transport. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        private int count;

        @Override
        public void read(ChannelHandlerContext ctx) {
            count++;
            ctx.read();
        }
    }
}
