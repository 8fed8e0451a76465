package io.mybouncer.proxy.sql;

/**
 * One thing a statement asks the server to do to the session's temporary tables or named locks, as
 * {@link SessionObjectNames} reads it from the SQL text. The text says what is asked, not what
 * happened: GET_LOCK may time out, DROP and RELEASE_LOCK may fail or find nothing.
 */
public sealed interface SessionObjectChange {
    /** {@code CREATE [OR REPLACE] TEMPORARY TABLE|SEQUENCE [IF NOT EXISTS] table}. */
    record TemporaryTableCreated(TableName table) implements SessionObjectChange {
    }

    /** One name of {@code DROP TEMPORARY TABLE|SEQUENCE [IF EXISTS] table, ..}. */
    record TemporaryTableDropped(TableName table) implements SessionObjectChange {
    }

    /** {@code GET_LOCK('name', timeout)}, once per call written: named locks nest. */
    record NamedLockAcquired(String name) implements SessionObjectChange {
    }

    /** {@code RELEASE_LOCK('name')}: one level of the lock. */
    record NamedLockReleased(String name) implements SessionObjectChange {
    }

    /** {@code RELEASE_ALL_LOCKS()}. */
    record AllNamedLocksReleased() implements SessionObjectChange {
    }
}
