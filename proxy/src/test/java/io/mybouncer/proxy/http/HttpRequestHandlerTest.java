package io.mybouncer.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.forksafety.PeerHolders;
import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP paths over an in-memory channel: a real HTTP/1.1 request in, the parsed response out. */
class HttpRequestHandlerTest {
    private final AtomicReference<Optional<String>> notReady = new AtomicReference<>(Optional.empty());
    private final ForkHazardDetector forkHazards = new ForkHazardDetector(ForkSafetyPolicy.OFF,
            (socket, candidates) -> new PeerHolders.Unknown(PeerHolders.Reason.UNSUPPORTED, "not asked"));
    private final ProxyMetrics metrics = new ProxyMetrics(PoolMode.SESSION, List::of, forkHazards,
            () -> new ProxyMetrics.ClientCounts(1, 2, 3, 4));

    @AfterEach
    void stopLookups() {
        forkHazards.close();
    }

    /** Sends raw request bytes through a server pipeline and decodes what it answers with a client codec. */
    private FullHttpResponse exchange(String request) {
        EmbeddedChannel server = new EmbeddedChannel(new HttpServerCodec(), new HttpObjectAggregator(8192),
                new HttpRequestHandler(metrics, notReady::get));
        server.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        // The client codec reads a response by the request that went out (a HEAD response has no body).
        HttpMethod method = HttpMethod.valueOf(request.substring(0, request.indexOf(' ')));
        client.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/"));
        client.releaseOutbound();
        for (ByteBuf bytes; (bytes = server.readOutbound()) != null; ) {
            client.writeInbound(bytes);
        }
        FullHttpResponse response = client.readInbound();
        server.finishAndReleaseAll();
        client.finishAndReleaseAll();
        return response;
    }

    private static String body(FullHttpResponse response) {
        try {
            return response.content().toString(StandardCharsets.UTF_8);
        } finally {
            response.release();
        }
    }

    @Test
    void metricsAreThePrometheusText() {
        FullHttpResponse response = exchange("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo(HttpRequestHandler.METRICS_CONTENT_TYPE);
        assertThat(body(response))
                .contains("mybouncer_client_connections{state=\"login\"} 1.0")
                .contains("mybouncer_client_connections{state=\"idle\"} 2.0")
                .contains("mybouncer_client_connections{state=\"waiting\"} 3.0")
                .contains("mybouncer_client_connections{state=\"active\"} 4.0");
    }

    @Test
    void readinessIs503WithTheReasonWhileNotReady() {
        notReady.set(Optional.of("connects of pool app/shop are failing"));
        FullHttpResponse response = exchange("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.SERVICE_UNAVAILABLE);
        assertThat(body(response)).isEqualTo("not ready: connects of pool app/shop are failing\n");

        notReady.set(Optional.empty());
        FullHttpResponse ready = exchange("GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(ready.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(body(ready)).isEqualTo("ready\n");
    }

    @Test
    void headHasTheLengthButNoBody() {
        FullHttpResponse response = exchange("HEAD /health/live HTTP/1.1\r\nHost: x\r\n\r\n");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.OK);
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo("live\n".length());
        response.release();
    }

    @Test
    void aRequestThatDoesNotParseIs400() {
        FullHttpResponse response = exchange("GET /metrics HTTP/1.1\r\nHost x\r\nBad header line\r\n\r\n");

        assertThat(response.status()).isEqualTo(HttpResponseStatus.BAD_REQUEST);
        response.release();
    }
}
