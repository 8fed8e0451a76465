package io.mybouncer.prefork.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.EmbeddedServer;
import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.db.SerialConnection;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryHandlerTest {
    private static final long PID = 4242;

    private EmbeddedServer database;
    private EmbeddedChannel http;

    @BeforeEach
    void start() {
        database = new EmbeddedServer();
        http = new EmbeddedChannel(new QueryHandler(new SerialConnection(database.client(), Duration.ofSeconds(5)), PID));
    }

    @AfterEach
    void finish() {
        assertThat(http.finish()).isFalse();
        database.channel().finishAndReleaseAll();
    }

    @Test
    void answersTheRowWithThePidAndTheConnection() {
        get("/q?id=5");
        assertThat(database.sentQueries()).containsExactly(KnownRows.lookup(5));
        database.answerRows(List.of(List.of("5", "row-5")));

        assertResponse(200, "{\"id\":5,\"value\":\"row-5\",\"worker\":4242,\"connection\":" + EmbeddedServer.CONNECTION_ID
                + "}");
    }

    @Test
    void passesOnWhateverRowTheConnectionDelivered() {
        get("/q?id=5");
        database.sentQueries();
        database.answerRows(List.of(List.of("9", "row-9")));

        assertResponse(200, "{\"id\":9,\"value\":\"row-9\",\"worker\":4242,\"connection\":7}");
    }

    @Test
    void noRowIsNullIdAndValue() {
        get("/q?id=5000");
        database.sentQueries();
        database.answerRows(List.of());

        assertResponse(200, "{\"id\":null,\"value\":null,\"worker\":4242,\"connection\":7}");
    }

    @Test
    void aFailedQueryIsHttp500WithTheError() {
        get("/q?id=5");
        database.sentQueries();
        database.answerError(1146, "42S02", "Table 'app.t' doesn't exist");

        assertResponse(500, "{\"error\":\"ERROR 1146 (42S02): Table 'app.t' doesn't exist\",\"worker\":4242}");
    }

    @Test
    void refusesABadIdWithoutQuerying() {
        get("/q?id=five");
        assertResponse(400, "{\"error\":\"id: [five] (expected: one positive integer)\",\"worker\":4242}");
        get("/q?id=0");
        assertResponse(400, "{\"error\":\"id: [0] (expected: one positive integer)\",\"worker\":4242}");
        get("/q?id=1&id=2");
        assertResponse(400, "{\"error\":\"id: [1, 2] (expected: one positive integer)\",\"worker\":4242}");
        assertThat(database.sentQueries()).isEmpty();
    }

    @Test
    void otherPathsAndMethodsAreRefused() {
        get("/query?id=1");
        assertResponse(404, "{\"error\":\"no such path: /query (try /q?id=1)\",\"worker\":4242}");
        http.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/q?id=1"));
        assertResponse(405, "{\"error\":\"POST /q (expected: GET)\",\"worker\":4242}");
        assertThat(database.sentQueries()).isEmpty();
    }

    private void get(String uri) {
        http.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
    }

    private void assertResponse(int status, String json) {
        FullHttpResponse response = http.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(status);
            assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH))
                    .isEqualTo(response.content().readableBytes());
            assertThat(response.content().toString(StandardCharsets.UTF_8)).isEqualTo(json);
        } finally {
            response.release();
        }
    }
}
