package io.mybouncer.proxy.config;

import java.util.Objects;

/**
 * One thing wrong with the configuration, in the form {@code SOURCE: KEY: VALUE (expected: …)}.
 * Secrets never appear in a problem: for a secret key the message says what is wrong without the value.
 *
 * @param source  the file as named on the command line, or {@code command line} for a flag
 * @param key     the key path ({@code pools.size}, {@code users[1].password}) or the flag ({@code --backend})
 * @param message the offending value, when it may be shown, and why it is refused
 */
public record ConfigProblem(String source, String key, String message) {
    /** The source of problems in flags rather than in a file. */
    public static final String COMMAND_LINE = "command line";

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return source + ": " + key + ": " + message;
    }
}
