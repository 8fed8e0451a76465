package io.mybouncer.prefork.http;

import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.db.SerialConnection;
import io.mybouncer.protocol.client.QueryResult;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
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
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * {@code GET /q?id=N}: looks row N up in the known rows and answers
 * {@code {"id":N,"value":"row-N","worker":PID,"connection":ID}}, with this process's pid and the
 * server's id of the database connection, so a test can tell which worker answered over which
 * connection. No row: id and value are null. A failed query: HTTP 500 with {@code {"error":...}}.
 */
@ChannelHandler.Sharable
public final class QueryHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    public static final String PATH = "/q";
    private static final Logger LOG = Logger.getLogger(QueryHandler.class.getName());

    private final SerialConnection db;
    private final long pid;

    public QueryHandler(SerialConnection db, long pid) {
        this.db = db;
        this.pid = pid;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, error("not an HTTP request: " + request.decoderResult().cause()));
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!uri.path().equals(PATH)) {
            respond(ctx, HttpResponseStatus.NOT_FOUND, error("no such path: " + uri.path() + " (try " + PATH + "?id=1)"));
            return;
        }
        if (!request.method().equals(HttpMethod.GET)) {
            respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, error(request.method() + " " + PATH + " (expected: GET)"));
            return;
        }
        List<String> ids = uri.parameters().getOrDefault("id", List.of());
        long id = ids.size() == 1 ? nonNegativeInteger(ids.get(0)) : 0;
        if (id < 1) {
            respond(ctx, HttpResponseStatus.BAD_REQUEST, error("id: " + ids + " (expected: one positive integer)"));
            return;
        }
        db.query(KnownRows.lookup(id)).whenComplete((result, failure) -> {
            if (failure == null) {
                respond(ctx, HttpResponseStatus.OK, answer(result));
            } else {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, error(cause.getMessage()));
            }
        });
    }

    /** The first row of the first result set; whatever the connection delivered, as it came. */
    private Map<String, Object> answer(QueryResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        List<QueryResult.Rows> sets = result.resultSets();
        List<List<String>> rows = sets.isEmpty() ? List.of() : sets.get(0).strings();
        List<String> row = rows.isEmpty() ? null : rows.get(0);
        answer.put("id", row == null ? null : number(row.get(0)));
        answer.put("value", row == null || row.size() < 2 ? null : row.get(1));
        answer.put("worker", pid);
        answer.put("connection", db.connectionId());
        return answer;
    }

    private Map<String, Object> error(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        error.put("worker", pid);
        return error;
    }

    /** A number when it is one; else the text (another statement's answer), which a client sees as wrong. */
    private static Object number(String text) {
        long value = nonNegativeInteger(text);
        return value < 0 ? text : (Object) value;
    }

    /** The value, or -1 when {@code text} is not a plain non-negative integer. */
    private static long nonNegativeInteger(String text) {
        if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(text);
    }

    private static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, Map<String, Object> body) {
        byte[] json = Json.write(body).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(json));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Typically a client that reset its connection: that connection ends, the worker serves on.
        LOG.fine(() -> "HTTP connection " + ctx.channel().remoteAddress() + " failed: " + cause);
        ctx.close();
    }
}
