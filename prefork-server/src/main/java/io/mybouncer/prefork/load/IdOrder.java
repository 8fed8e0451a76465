package io.mybouncer.prefork.load;

import java.util.concurrent.ThreadLocalRandom;

/** Which row each request asks for. */
public enum IdOrder {
    /** Any of 1..max, uniformly: concurrent requests rarely ask for the same row. */
    RANDOM,
    /** 1, 2, ..., max, then again from 1. */
    SEQUENTIAL;

    /** The id of request number {@code index} (from 0), between 1 and {@code maxId}. */
    public long id(long index, long maxId) {
        return switch (this) {
            case RANDOM -> ThreadLocalRandom.current().nextLong(1, maxId + 1);
            case SEQUENTIAL -> index % maxId + 1;
        };
    }
}
