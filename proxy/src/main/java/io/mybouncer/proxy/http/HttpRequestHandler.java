package io.mybouncer.proxy.http;

import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Optional;

/**
 * Answers the HTTP endpoint's three paths: {@code /metrics} (Prometheus text), {@code /health/live}
 * (the process answers) and {@code /health/ready} (503 with the reason while not ready). GET and
 * HEAD only; anything else is 404 or 405, and a request that does not parse is 400.
 */
@Sharable
final class HttpRequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Prometheus text exposition format 0.0.4. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final ProxyMetrics metrics;
    private final Readiness readiness;

    HttpRequestHandler(ProxyMetrics metrics, Readiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        FullHttpResponse response;
        if (request.decoderResult().isFailure()) {
            ctx.writeAndFlush(text(ctx, HttpResponseStatus.BAD_REQUEST, TEXT, "malformed request\n"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            response = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT, "only GET and HEAD\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else {
            response = switch (path) {
                case "/metrics" -> text(ctx, HttpResponseStatus.OK, METRICS_CONTENT_TYPE, metrics.scrape());
                case "/health/live" -> text(ctx, HttpResponseStatus.OK, TEXT, "live\n");
                case "/health/ready" -> ready(ctx);
                default -> text(ctx, HttpResponseStatus.NOT_FOUND, TEXT,
                        "not found; try /metrics, /health/live or /health/ready\n");
            };
        }
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        // HttpServerKeepAliveHandler closes the connection after it when the client asked for that.
        ctx.writeAndFlush(response);
    }

    private FullHttpResponse ready(ChannelHandlerContext ctx) {
        Optional<String> reason = readiness.notReadyReason();
        return reason.isEmpty() ? text(ctx, HttpResponseStatus.OK, TEXT, "ready\n")
                : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "not ready: " + reason.get() + "\n");
    }

    private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType,
            String body) {
        ByteBuf content = ByteBufUtil.writeUtf8(ctx.alloc(), body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** A request the codec could not parse, or an I/O error: close this connection only. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
