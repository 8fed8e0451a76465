package io.mybouncer.proxy.sql;

import io.mybouncer.proxy.sql.SessionObjectChange.AllNamedLocksReleased;
import io.mybouncer.proxy.sql.SessionObjectChange.NamedLockAcquired;
import io.mybouncer.proxy.sql.SessionObjectChange.NamedLockReleased;
import io.mybouncer.proxy.sql.SessionObjectChange.TemporaryTableCreated;
import io.mybouncer.proxy.sql.SessionObjectChange.TemporaryTableDropped;
import java.util.List;

/**
 * What {@link SessionObjectNames} found in one query: the temporary-table and named-lock changes its
 * statements ask for, in the order written, and whether it could name them all.
 *
 * @param changes every change, in text order (the order matters: {@code DROP TEMPORARY TABLE t; CREATE
 *     TEMPORARY TABLE t} leaves one, the reverse none)
 * @param temporaryTablesUnknown a CREATE or DROP TEMPORARY statement whose table names could not all be
 *     read, or text after a stored program definition: the set of temporary tables is unknown
 * @param namedLocksUnknown a lock function whose name is not one plain string literal, or that a
 *     statement may run more than once (or not as written): the set of named locks is unknown
 */
public record SessionObjectChanges(List<SessionObjectChange> changes, boolean temporaryTablesUnknown,
                                   boolean namedLocksUnknown) {
    public SessionObjectChanges {
        changes = List.copyOf(changes);
    }

    public List<TableName> temporaryTablesCreated() {
        return changes.stream().filter(TemporaryTableCreated.class::isInstance)
                .map(c -> ((TemporaryTableCreated) c).table()).toList();
    }

    public List<TableName> temporaryTablesDropped() {
        return changes.stream().filter(TemporaryTableDropped.class::isInstance)
                .map(c -> ((TemporaryTableDropped) c).table()).toList();
    }

    /** The name of every GET_LOCK call, once per call. */
    public List<String> namedLocksAcquired() {
        return changes.stream().filter(NamedLockAcquired.class::isInstance)
                .map(c -> ((NamedLockAcquired) c).name()).toList();
    }

    /** The name of every RELEASE_LOCK call, once per call. */
    public List<String> namedLocksReleased() {
        return changes.stream().filter(NamedLockReleased.class::isInstance)
                .map(c -> ((NamedLockReleased) c).name()).toList();
    }

    public boolean allNamedLocksReleased() {
        return changes.stream().anyMatch(AllNamedLocksReleased.class::isInstance);
    }
}
