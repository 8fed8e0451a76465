package io.mybouncer.prefork.load;

import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.http.Json;
import java.net.http.HttpTimeoutException;
import java.util.Map;
import java.util.Objects;

/**
 * One request's outcome, and why.
 *
 * @param worker the pid of the worker that answered, or {@code null} when none said
 * @param detail what was wrong or why it failed (for the summary); empty when correct
 */
public record Answer(Outcome outcome, Long worker, String detail) {
    /** The most of an unreadable body a failure message quotes. */
    private static final int QUOTE_LIMIT = 80;

    /** Judges a worker's HTTP answer to {@code GET /q?id=requestedId}. */
    public static Answer classify(long requestedId, int status, String body) {
        Map<String, Object> json;
        try {
            json = Json.parseFlatObject(body);
        } catch (IllegalArgumentException e) {
            return new Answer(Outcome.FAILED, null, "HTTP " + status + ", unreadable answer: " + quote(body));
        }
        Long worker = json.get("worker") instanceof Long pid ? pid : null;
        if (status != 200) {
            Object error = json.get("error");
            return new Answer(Outcome.FAILED, worker, "HTTP " + status + ": " + (error == null ? quote(body) : error));
        }
        Object id = json.get("id");
        Object value = json.get("value");
        if (id == null && value == null) {
            return new Answer(Outcome.EMPTY, worker, "no row for id " + requestedId);
        }
        if (!Objects.equals(id, requestedId) || !KnownRows.expectedValue(requestedId).equals(value)) {
            return new Answer(Outcome.WRONG, worker, "asked for id " + requestedId + ", got id " + id
                    + " value " + value);
        }
        return new Answer(Outcome.CORRECT, worker, "");
    }

    /** A request that got no HTTP answer at all. */
    public static Answer failed(Throwable cause) {
        String why = cause instanceof HttpTimeoutException ? "timeout"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new Answer(Outcome.FAILED, null, why);
    }

    private static String quote(String body) {
        return "'" + (body.length() > QUOTE_LIMIT ? body.substring(0, QUOTE_LIMIT) + "..." : body) + "'";
    }
}
