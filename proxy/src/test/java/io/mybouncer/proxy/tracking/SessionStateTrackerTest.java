package io.mybouncer.proxy.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.protocol.response.SessionStateChange;
import io.mybouncer.protocol.response.SessionStateChange.Schema;
import io.mybouncer.protocol.response.SessionStateChange.StateChange;
import io.mybouncer.protocol.response.SessionStateChange.SystemVariable;
import io.mybouncer.proxy.sql.SessionObjectNames;
import io.mybouncer.proxy.sql.SqlMode;
import io.mybouncer.proxy.sql.StatementClassifier;
import io.mybouncer.proxy.sql.StatementEffects;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tracker's rules, fed with what MariaDB 10.11 really reports for each statement (captured with the
 * trackers on: {@code session_track_system_variables='*'}, {@code session_track_state_change=ON}).
 */
class SessionStateTrackerTest {
    private static final StateChange CHANGED = new StateChange(true);
    private static final ServerStatus AUTOCOMMIT = new ServerStatus(ServerStatus.AUTOCOMMIT);
    private static final ServerStatus IN_TRANSACTION = new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS);

    private final PinCounters counters = new PinCounters();
    private final SessionStateTracker tracker = new SessionStateTracker(counters);

    private static StatementEffects effects(String sql) {
        return new StatementClassifier().classify(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), SqlMode.DEFAULT);
    }

    private static ResponseEnd ok(ServerStatus status, SessionStateChange... changes) {
        return ResponseEnd.ok(status, 0, 0, 0, List.of(changes));
    }

    private void query(String sql, ResponseEnd end) {
        StatementEffects effects = effects(sql);
        tracker.commandEnded(CommandType.COM_QUERY, effects,
                new SessionObjectNames().find(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), SqlMode.DEFAULT), end);
    }

    @Test
    void aPlainQueryChangesNothing() {
        query("SELECT * FROM t WHERE note = 'SET @x = 1'", ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
        assertThat(tracker.state()).isSameAs(ReplayableState.INITIAL);
    }

    @Test
    void reportedVariablesAndSchemaAreReplayableNotPins() {
        query("SET time_zone = '+01:00'", ok(AUTOCOMMIT, new SystemVariable("time_zone", "+01:00"), CHANGED));
        query("USE shop", ok(AUTOCOMMIT, new Schema("shop"), CHANGED));
        assertThat(tracker.shareable()).isTrue();
        assertThat(tracker.state().variables()).containsEntry("time_zone", "+01:00");
        assertThat(tracker.state().schema()).isEqualTo("shop");
    }

    @Test
    void setNamesKeepsOneOfTheConnectionPair() {
        query("SET collation_connection = 'utf8mb4_bin'", ok(AUTOCOMMIT,
                new SystemVariable("collation_connection", "utf8mb4_bin"), CHANGED));
        query("SET NAMES latin1", ok(AUTOCOMMIT, new SystemVariable("character_set_client", "latin1"),
                new SystemVariable("character_set_connection", "latin1"),
                new SystemVariable("character_set_results", "latin1"), CHANGED));
        assertThat(tracker.state().variables()).containsEntry("character_set_connection", "latin1")
                .doesNotContainKey("collation_connection");
    }

    @Test
    void userVariablesPinUntilTheClientResets() {
        query("SET @x = 1", ok(AUTOCOMMIT, CHANGED));
        assertThat(tracker.pins()).isEqualTo("user_variable");
        assertThat(counters.count(PinReason.USER_VARIABLE)).isEqualTo(1);
        // MariaDB reports nothing for an assignment inside a SELECT: the lexer sees it.
        query("SELECT @y := 2", ok(AUTOCOMMIT));
        assertThat(counters.count(PinReason.USER_VARIABLE)).isEqualTo(1);
        tracker.commandEnded(CommandType.COM_RESET_CONNECTION, StatementEffects.NONE, ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void aResetKeepsTheSchemaButNotTheVariables() {
        query("USE shop", ok(AUTOCOMMIT, new Schema("shop"), CHANGED));
        query("SET sql_mode = ''", ok(AUTOCOMMIT, new SystemVariable("sql_mode", ""), CHANGED));
        tracker.commandEnded(CommandType.COM_RESET_CONNECTION, StatementEffects.NONE, ok(AUTOCOMMIT));
        assertThat(tracker.state().schema()).isEqualTo("shop");
        assertThat(tracker.state().variables()).isEmpty();
    }

    @Test
    void temporaryTablesPinUntilTheLastOneIsDropped() {
        query("CREATE TEMPORARY TABLE a (x INT)", ok(AUTOCOMMIT, CHANGED));
        query("CREATE TEMPORARY TABLE IF NOT EXISTS `b` (x INT)", ok(AUTOCOMMIT, CHANGED));
        query("DROP TEMPORARY TABLE a", ok(AUTOCOMMIT, CHANGED));
        assertThat(tracker.pins()).isEqualTo("temporary_table");
        query("DROP TEMPORARY TABLE IF EXISTS nope, b", ResponseEnd.err(1064, "42000", "syntax", List.of()));
        assertThat(tracker.pins()).isEqualTo("temporary_table"); // a failed drop drops nothing
        query("DROP TEMPORARY TABLE IF EXISTS nope, b", ok(AUTOCOMMIT, CHANGED));
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void namedLocksNestAndUnknownNamesHoldUntilAllAreReleased() {
        query("SELECT GET_LOCK('a', 0), GET_LOCK('a', 0)", ok(AUTOCOMMIT));
        query("SELECT RELEASE_LOCK('a')", ok(AUTOCOMMIT));
        assertThat(tracker.pins()).isEqualTo("named_lock");
        query("SELECT RELEASE_LOCK('a')", ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
        query("SELECT GET_LOCK(CONCAT('job', 7), 0)", ok(AUTOCOMMIT));
        query("SELECT RELEASE_LOCK('job7')", ok(AUTOCOMMIT));
        assertThat(tracker.pins()).isEqualTo("named_lock");
        query("DO RELEASE_ALL_LOCKS()", ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void tableLocksAndNamedLocksAreLiftedWhenReleased() {
        query("LOCK TABLES t READ", ok(AUTOCOMMIT));
        query("SELECT GET_LOCK('a', 0)", ok(AUTOCOMMIT));
        assertThat(tracker.pins()).isEqualTo("named_lock,table_lock");
        query("UNLOCK TABLES", ok(AUTOCOMMIT));
        query("SELECT RELEASE_ALL_LOCKS()", ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void aFailedUnlockKeepsThePin() {
        query("LOCK TABLES t WRITE", ok(AUTOCOMMIT));
        query("UNLOCK TABLES", ResponseEnd.err(1064, "42000", "syntax", List.of()));
        assertThat(tracker.pinnedFor(PinReason.TABLE_LOCK)).isTrue();
    }

    @Test
    void aStateChangeNothingExplainsPins() {
        // A procedure that creates a temporary table: the text says CALL, the backend says "changed".
        query("CALL make_scratch()", ok(AUTOCOMMIT, CHANGED));
        assertThat(tracker.pins()).isEqualTo("untracked_state");
    }

    @Test
    void variablesSetByWhatTheTextDoesNotShowPin() {
        // MariaDB's SET STATEMENT reports the temporary value as if it stayed.
        query("SET STATEMENT max_statement_time = 5 FOR SELECT 1", ok(AUTOCOMMIT,
                new SystemVariable("max_statement_time", "5.000000"), CHANGED));
        assertThat(tracker.pins()).isEqualTo("untracked_state");
        assertThat(tracker.state().variables()).isEmpty();
    }

    @Test
    void aTrackerChangedWhereTheTextDoesNotShowItPins() {
        query("CALL change_trackers()", ok(AUTOCOMMIT,
                new SystemVariable("session_track_state_change", "OFF"), CHANGED));
        assertThat(tracker.pinnedFor(PinReason.SESSION_TRACKING)).isTrue();
    }

    @Test
    void aTrackerChangedInTheTextIsLeftToTheSessionWhichTurnsItOnAgain() {
        // MariaDB Connector/J at connect; the report follows the client's new list, so sql_mode goes unreported.
        query("set sql_mode=CONCAT(@@sql_mode,',STRICT_TRANS_TABLES'),session_track_system_variables"
                + " = CONCAT(@@global.session_track_system_variables,',tx_isolation'),NAMES utf8mb4",
                ok(AUTOCOMMIT, new SystemVariable("character_set_client", "utf8mb4"), CHANGED));
        assertThat(tracker.shareable()).isTrue();
        // The session's self-assignment then reports what the statement hid.
        tracker.variableLearned(ok(AUTOCOMMIT, new SystemVariable("session_track_system_variables", "*"),
                new SystemVariable("sql_mode", "STRICT_TRANS_TABLES"), CHANGED));
        assertThat(tracker.state().variables()).containsEntry("sql_mode", "STRICT_TRANS_TABLES")
                .doesNotContainKey("session_track_system_variables");
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void aTransactionHoldsTheBackendUntilItEnds() {
        query("BEGIN", ok(IN_TRANSACTION));
        assertThat(tracker.shareable()).isFalse();
        query("INSERT INTO t VALUES (1)", ResponseEnd.ok(IN_TRANSACTION, 1, 7, 0, List.of()));
        // An ERR carries no status: the transaction is still open.
        query("INSERT INTO nope VALUES (1)", ResponseEnd.err(1146, "42S02", "no table", List.of()));
        assertThat(tracker.shareable()).isFalse();
        query("COMMIT", ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
        assertThat(tracker.lastInsertId()).isEqualTo(7);
    }

    @Test
    void foundRowsHoldsTheBackendForOneStatement() {
        query("SELECT SQL_CALC_FOUND_ROWS * FROM t LIMIT 1", ok(AUTOCOMMIT));
        assertThat(tracker.pins()).isEqualTo("found_rows");
        query("SELECT FOUND_ROWS()", ok(AUTOCOMMIT));
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void nextTransactionCharacteristicsHoldUntilTheTransactionBegins() {
        query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", ok(AUTOCOMMIT));
        assertThat(tracker.pins()).isEqualTo("next_transaction");
        query("BEGIN", ok(IN_TRANSACTION));
        assertThat(tracker.pins()).isEmpty();
        assertThat(tracker.shareable()).isFalse();
    }

    @Test
    void setLastInsertIdIsTheClientsValueNotAVariable() {
        query("SET last_insert_id = 5", ok(AUTOCOMMIT, new SystemVariable("last_insert_id", "5"), CHANGED));
        assertThat(tracker.lastInsertId()).isEqualTo(5);
        assertThat(tracker.state().variables()).isEmpty();
        assertThat(tracker.shareable()).isTrue();
    }

    @Test
    void aChangeOfUserStartsAfresh() {
        query("USE shop", ok(AUTOCOMMIT, new Schema("shop"), CHANGED));
        query("SET @x = 1", ok(AUTOCOMMIT, CHANGED));
        tracker.sessionReplaced();
        assertThat(tracker.state()).isEqualTo(ReplayableState.INITIAL);
        assertThat(tracker.shareable()).isTrue();
    }
}
