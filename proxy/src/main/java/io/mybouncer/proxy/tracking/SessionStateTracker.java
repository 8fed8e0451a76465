package io.mybouncer.proxy.tracking;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.protocol.response.SessionStateChange;
import io.mybouncer.proxy.sql.Effect;
import io.mybouncer.proxy.sql.SessionObjectChange;
import io.mybouncer.proxy.sql.SessionObjectChanges;
import io.mybouncer.proxy.sql.StatementEffects;
import io.mybouncer.proxy.sql.TableName;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One client's session state as far as pooling is concerned, kept up to date command by command from two
 * sources (DESIGN part 3): what the SQL text says ({@link StatementEffects}, for what the trackers do not
 * report: user variables, locks, FOUND_ROWS) and what the backend reported in its OK packets (schema,
 * system variables, "something changed"). Replayable state goes to {@link #state()}; the rest pins the client
 * to its backend, by reason, until the state is gone again.
 *
 * <p>Rules, each erring towards a pin: effects that create state pin even when the statement failed (part of a
 * multi-statement query may have run), effects that end it unpin only on success; a state change the backend
 * reports and nothing explains pins ({@link PinReason#UNTRACKED_STATE}); so do variables set by something
 * other than a SET the lexer saw (MariaDB's SET STATEMENT reports the temporary value, a procedure's SET
 * SESSION is invisible in the text).
 *
 * <p>Confined to the client's event loop; {@link #pins()} may be read from others for the admin console.
 */
public final class SessionStateTracker {
    /**
     * Variables a client may set but the proxy must not replay: values that steer the next statement only,
     * and identity-like settings. (The trackers the proxy relies on are handled apart.)
     */
    private static final Set<String> UNREPLAYABLE_VARIABLES = Set.of("insert_id", "rand_seed1", "rand_seed2",
            "pseudo_thread_id", "pseudo_slave_mode", "gtid_seq_no", "gtid_domain_id", "gtid_next", "server_id",
            "sql_log_bin");
    private static final Set<String> LAST_INSERT_ID_VARIABLES = Set.of("last_insert_id", "identity");
    /** What a self-assignment the proxy sent to learn values counts as: the client's own SET. */
    private static final StatementEffects LEARNED = StatementEffects.of(Effect.SESSION_VARIABLE_SET,
            Effect.SESSION_TRACKING_SET);

    private final PinCounters counters;
    private ReplayableState state = ReplayableState.INITIAL;
    /** Pins by reason; a count where state is counted (handlers), else 1. */
    private final Map<PinReason, Integer> pins = new EnumMap<>(PinReason.class);
    /**
     * Temporary tables the client created, by schema (as current when unqualified) and name, and whether one
     * was created where the text did not say which: that keeps the pin until a reset.
     */
    private final Set<List<String>> temporaryTables = new HashSet<>(0);
    private boolean temporaryTablesUnknown;
    /**
     * Named locks the client asked for, by name and level (locks nest): at least what it holds, since a
     * GET_LOCK that timed out is counted too. An unknown name keeps the pin until RELEASE_ALL_LOCKS or a reset.
     */
    private final Map<String, Integer> namedLocks = new HashMap<>(0);
    private boolean namedLocksUnknown;
    /** Whether the last status the backend reported for this client had SERVER_STATUS_IN_TRANS. */
    private boolean inTransaction;
    /** What LAST_INSERT_ID() returns for this client: the last id its statements generated or set; 0 when none. */
    private long lastInsertId;
    private volatile String pinsLabel = "";

    public SessionStateTracker(PinCounters counters) {
        this.counters = counters;
    }

    public ReplayableState state() {
        return state;
    }

    public long lastInsertId() {
        return lastInsertId;
    }

    public boolean inTransaction() {
        return inTransaction;
    }

    /** Whether statements commit on their own: unless the client set autocommit off (reported as OFF). */
    public boolean autocommit() {
        return !"OFF".equalsIgnoreCase(state.variables().get("autocommit"));
    }

    public boolean pinned() {
        return !pins.isEmpty();
    }

    public boolean pinnedFor(PinReason reason) {
        return pins.containsKey(reason);
    }

    /** The pin reasons now, comma-separated, for the admin console (any thread). */
    public String pins() {
        return pinsLabel;
    }

    /** Whether the backend may go to another client now, as far as session state goes. */
    public boolean shareable() {
        return !inTransaction && pins.isEmpty();
    }

    public void pin(PinReason reason) {
        if (pins.putIfAbsent(reason, 1) == null) {
            counters.pinned(reason);
            relabel();
        }
    }

    public void unpin(PinReason reason) {
        if (pins.remove(reason) != null) {
            relabel();
        }
    }

    /**
     * A command got its whole response.
     *
     * @param command what the client sent
     * @param effects what its SQL does, from the lexer ({@link StatementEffects#NONE} for commands without SQL)
     * @param end     how the response ended
     */
    public void commandEnded(CommandType command, StatementEffects effects, ResponseEnd end) {
        commandEnded(command, effects, null, end);
    }

    /**
     * As {@link #commandEnded(CommandType, StatementEffects, ResponseEnd)}, with the temporary tables and named
     * locks the SQL names ({@link io.mybouncer.proxy.sql.SessionObjectNames}), found when its effects touch
     * them: the pins on both are lifted once nothing the client created or took is left.
     */
    public void commandEnded(CommandType command, StatementEffects effects, SessionObjectChanges objects,
            ResponseEnd end) {
        boolean heldForFoundRows = pinnedFor(PinReason.FOUND_ROWS);
        boolean insertIdReported = applyReports(command, effects, end);
        applyEffects(effects, end.isError());
        if (effects.has(Effect.LAST_INSERT_ID_WRITE) && !insertIdReported) {
            pin(PinReason.LAST_INSERT_ID); // LAST_INSERT_ID(expr): the value is in a row, not in a report
        }
        applyObjects(effects, objects, end.isError());
        if (heldForFoundRows && !effects.has(Effect.FOUND_ROWS_CALC)) {
            unpin(PinReason.FOUND_ROWS); // the statement after it has run: FOUND_ROWS() was read, or never will be
        }
        if (end.lastInsertId() != 0) {
            lastInsertId = end.lastInsertId();
        }
        if (end.status() != null) {
            inTransaction = end.inTransaction();
            if (inTransaction) {
                unpin(PinReason.NEXT_TRANSACTION); // the characteristics applied to the transaction that began
            }
        }
        if (command == CommandType.COM_RESET_CONNECTION && !end.isError()) {
            clientReset();
        }
    }

    /**
     * The value of a variable the client's last statement set without the backend reporting it, learned by
     * the proxy (SET NAMES .. COLLATE changes collation_connection, which MariaDB does not report).
     */
    public void variableLearned(ResponseEnd selfAssignment) {
        for (SessionStateChange change : selfAssignment.sessionStateChanges()) {
            if (change instanceof SessionStateChange.SystemVariable variable) {
                applyVariable(variable.name().toLowerCase(Locale.ROOT), variable.value(),
                        LEARNED, selfAssignment);
            }
        }
    }

    /** A COM_CHANGE_USER, accepted or refused, began a fresh session: everything is as after a login. */
    public void sessionReplaced() {
        clientReset();
        state = ReplayableState.INITIAL;
    }

    /** The client's own COM_RESET_CONNECTION succeeded: everything but the schema is as after a login. */
    private void clientReset() {
        state = state.afterReset();
        pins.clear();
        temporaryTables.clear();
        temporaryTablesUnknown = false;
        namedLocks.clear();
        namedLocksUnknown = false;
        relabel();
        lastInsertId = 0;
        inTransaction = false;
    }

    /** Applies what the backend reported; true when it reported the value LAST_INSERT_ID() returns. */
    private boolean applyReports(CommandType command, StatementEffects effects, ResponseEnd end) {
        boolean stateChanged = false;
        boolean explained = false;
        boolean insertIdReported = false;
        for (SessionStateChange change : end.sessionStateChanges()) {
            if (change instanceof SessionStateChange.SystemVariable variable) {
                explained = true;
                String name = variable.name().toLowerCase(Locale.ROOT);
                insertIdReported |= LAST_INSERT_ID_VARIABLES.contains(name);
                applyVariable(name, variable.value(), effects, end);
            } else if (change instanceof SessionStateChange.Schema schema) {
                explained = true;
                state = state.withSchema(schema.name());
            } else if (change instanceof SessionStateChange.StateChange changed) {
                stateChanged |= changed.changed();
            } else if (change instanceof SessionStateChange.Unknown) {
                pin(PinReason.UNTRACKED_STATE);
            }
        }
        if (stateChanged && !(explained && !runsUnseenSql(effects)) && !explainsStateChange(command, effects)) {
            pin(PinReason.UNTRACKED_STATE);
        }
        return insertIdReported;
    }

    private void applyVariable(String name, String value, StatementEffects effects, ResponseEnd end) {
        if (LAST_INSERT_ID_VARIABLES.contains(name)) {
            try {
                lastInsertId = Long.parseUnsignedLong(value);
            } catch (NumberFormatException e) {
                pin(PinReason.LAST_INSERT_ID);
            }
            return;
        }
        if (name.startsWith("session_track_")) {
            if (!effects.has(Effect.SESSION_TRACKING_SET)) {
                pin(PinReason.SESSION_TRACKING); // changed where the text does not show it: reports may be missing
            }
            return; // the session turns the trackers on again, as the proxy needs them
        }
        if (UNREPLAYABLE_VARIABLES.contains(name) || !isPlainName(name) || !setsVariables(effects)
                || runsUnseenSql(effects)) {
            pin(PinReason.UNTRACKED_STATE);
            return;
        }
        if (end.isError()) {
            // Reported by a statement before the one that failed: the value holds, but keep it simple and safe.
            pin(PinReason.UNTRACKED_STATE);
            return;
        }
        // Each of the connection pair implies the other: keep only the one set last.
        if (name.equals(StateReplay.CHARACTER_SET_CONNECTION)) {
            state = state.withoutVariable(StateReplay.COLLATION_CONNECTION);
        } else if (name.equals(StateReplay.COLLATION_CONNECTION)) {
            state = state.withoutVariable(StateReplay.CHARACTER_SET_CONNECTION);
        }
        state = state.withVariable(name, value);
    }

    private void applyEffects(StatementEffects effects, boolean failed) {
        if (effects.isEmpty()) {
            return;
        }
        pinIf(effects, Effect.USER_VARIABLE_WRITE, PinReason.USER_VARIABLE);
        pinIf(effects, Effect.LOCK_TABLES, PinReason.TABLE_LOCK);
        pinIf(effects, Effect.GLOBAL_READ_LOCK, PinReason.TABLE_LOCK);
        pinIf(effects, Effect.SQL_PREPARE, PinReason.SQL_PREPARED_STATEMENT);
        pinIf(effects, Effect.XA, PinReason.XA_TRANSACTION);
        pinIf(effects, Effect.NEXT_TRANSACTION_CHARACTERISTICS_SET, PinReason.NEXT_TRANSACTION);
        pinIf(effects, Effect.FOUND_ROWS_CALC, PinReason.FOUND_ROWS);
        pinIf(effects, Effect.UNKNOWN, PinReason.UNTRACKED_STATE);
        if (effects.has(Effect.HANDLER_OPEN)) {
            if (pins.merge(PinReason.HANDLER, 1, Integer::sum) == 1) {
                counters.pinned(PinReason.HANDLER);
                relabel();
            }
        }
        if (failed) {
            return;
        }
        if (effects.has(Effect.UNLOCK_TABLES)) {
            unpin(PinReason.TABLE_LOCK);
        }
        if (effects.has(Effect.HANDLER_CLOSE) && !effects.has(Effect.HANDLER_OPEN) && pins.containsKey(PinReason.HANDLER)
                && pins.merge(PinReason.HANDLER, -1, Integer::sum) == 0) {
            unpin(PinReason.HANDLER);
        }
    }

    /**
     * Follows the temporary tables and named locks the client holds: what the text creates or takes counts even
     * when the statement failed (part of it may have run), what it drops or releases only when it succeeded.
     * Without names (a query the second pass was not run on), a create or take holds until a reset.
     */
    private void applyObjects(StatementEffects effects, SessionObjectChanges objects, boolean failed) {
        boolean tables = effects.has(Effect.TEMPORARY_TABLE_CREATE) || effects.has(Effect.TEMPORARY_TABLE_DROP);
        boolean locks = effects.has(Effect.NAMED_LOCK_ACQUIRE) || effects.has(Effect.NAMED_LOCK_RELEASE)
                || effects.has(Effect.NAMED_LOCK_RELEASE_ALL);
        if (!tables && !locks) {
            return;
        }
        if (objects == null) {
            temporaryTablesUnknown |= effects.has(Effect.TEMPORARY_TABLE_CREATE);
            namedLocksUnknown |= effects.has(Effect.NAMED_LOCK_ACQUIRE);
        } else {
            temporaryTablesUnknown |= objects.temporaryTablesUnknown() && effects.has(Effect.TEMPORARY_TABLE_CREATE);
            namedLocksUnknown |= objects.namedLocksUnknown() && effects.has(Effect.NAMED_LOCK_ACQUIRE);
            for (SessionObjectChange change : objects.changes()) {
                apply(change, failed);
            }
        }
        if (tables) {
            pinWhile(!temporaryTables.isEmpty() || temporaryTablesUnknown, PinReason.TEMPORARY_TABLE);
        }
        if (locks) {
            pinWhile(!namedLocks.isEmpty() || namedLocksUnknown, PinReason.NAMED_LOCK);
        }
    }

    private void apply(SessionObjectChange change, boolean failed) {
        if (change instanceof SessionObjectChange.TemporaryTableCreated created) {
            temporaryTables.add(key(created.table()));
        } else if (change instanceof SessionObjectChange.NamedLockAcquired acquired) {
            namedLocks.merge(acquired.name(), 1, Integer::sum);
        } else if (failed) {
            return;
        } else if (change instanceof SessionObjectChange.TemporaryTableDropped dropped) {
            temporaryTables.remove(key(dropped.table()));
        } else if (change instanceof SessionObjectChange.NamedLockReleased released) {
            namedLocks.computeIfPresent(released.name(), (name, levels) -> levels > 1 ? levels - 1 : null);
        } else if (change instanceof SessionObjectChange.AllNamedLocksReleased) {
            namedLocks.clear();
            namedLocksUnknown = false;
        }
    }

    /** A table's key: an unqualified name is in the schema current now (null: the login's). */
    private List<String> key(TableName table) {
        return Arrays.asList(table.schema().orElse(state.schema()), table.name());
    }

    private void pinWhile(boolean held, PinReason reason) {
        if (held) {
            pin(reason);
        } else {
            unpin(reason);
        }
    }

    private void pinIf(StatementEffects effects, Effect effect, PinReason reason) {
        if (effects.has(effect)) {
            pin(reason);
        }
    }

    /** Whether the SQL text sets system variables itself, so the values reported are the client's. */
    private static boolean setsVariables(StatementEffects effects) {
        return effects.has(Effect.SESSION_VARIABLE_SET) || effects.has(Effect.CHARSET_SET)
                || effects.has(Effect.SESSION_TRANSACTION_CHARACTERISTICS_SET)
                || effects.has(Effect.TRANSACTION_CONTROL);
    }

    /** Whether the query runs SQL the lexer never sees, whose state changes no report explains. */
    private static boolean runsUnseenSql(StatementEffects effects) {
        return effects.has(Effect.CALL) || effects.has(Effect.SQL_EXECUTE) || effects.has(Effect.SQL_EXECUTE_IMMEDIATE)
                || effects.has(Effect.UNKNOWN);
    }

    /** Whether the command's own kind or effects account for a reported state change (and pin where they must). */
    private static boolean explainsStateChange(CommandType command, StatementEffects effects) {
        if (runsUnseenSql(effects)) {
            return false;
        }
        if (command != CommandType.COM_QUERY && command != CommandType.COM_STMT_EXECUTE) {
            // Binary statements are the proxy's (an execute's effects are its text's); the schema and a reset
            // report themselves.
            return command == CommandType.COM_STMT_PREPARE || command == CommandType.COM_STMT_CLOSE
                    || command == CommandType.COM_STMT_RESET || command == CommandType.COM_INIT_DB
                    || command == CommandType.COM_RESET_CONNECTION;
        }
        return effects.has(Effect.USER_VARIABLE_WRITE) || effects.has(Effect.TEMPORARY_TABLE_CREATE)
                || effects.has(Effect.TEMPORARY_TABLE_DROP) || effects.has(Effect.SQL_PREPARE)
                || effects.has(Effect.SQL_DEALLOCATE) || effects.has(Effect.HANDLER_OPEN)
                || effects.has(Effect.HANDLER_CLOSE) || effects.has(Effect.SCHEMA_CHANGE)
                || setsVariables(effects);
    }

    /** Whether {@code name} can be written in SQL as it is: lower-case letters, digits, underscores. */
    public static boolean isPlainName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private void relabel() {
        StringBuilder label = new StringBuilder();
        for (PinReason reason : pins.keySet()) {
            label.append(label.isEmpty() ? "" : ",").append(reason.label());
        }
        pinsLabel = label.toString();
    }
}
