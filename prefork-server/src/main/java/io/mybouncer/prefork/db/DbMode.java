package io.mybouncer.prefork.db;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a worker gets its database connection: the fork hazard, or its fix. */
public enum DbMode {
    /**
     * The master logs in once, before starting any worker, and hands that one socket to every
     * worker: what a preloaded application's pool (gunicorn {@code --preload}) leaves each forked
     * worker. The workers really share it, and read each other's answers.
     */
    INHERITED("inherited"),
    /** Each worker connects and logs in itself once it has started: "connect after fork". */
    PER_WORKER("per-worker");

    private final String option;

    DbMode(String option) {
        this.option = option;
    }

    /** The spelling on the command line. */
    public String option() {
        return option;
    }

    public static DbMode ofOption(String value) {
        for (DbMode mode : values()) {
            if (mode.option.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + value + "' (expected: "
                + Arrays.stream(values()).map(DbMode::option).collect(Collectors.joining(" or ")) + ")");
    }
}
