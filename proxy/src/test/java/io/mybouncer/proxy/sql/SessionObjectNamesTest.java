package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.sql.SessionObjectChange.AllNamedLocksReleased;
import io.mybouncer.proxy.sql.SessionObjectChange.NamedLockAcquired;
import io.mybouncer.proxy.sql.SessionObjectChange.NamedLockReleased;
import io.mybouncer.proxy.sql.SessionObjectChange.TemporaryTableCreated;
import io.mybouncer.proxy.sql.SessionObjectChange.TemporaryTableDropped;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SessionObjectNamesTest {
    private static final SqlMode ANSI_QUOTES = new SqlMode(false, true);
    private static final SqlMode NO_BACKSLASH_ESCAPES = new SqlMode(true, false);

    private final SessionObjectNames names = new SessionObjectNames();

    // --- Temporary tables ----------------------------------------------------------------------------

    @Test
    void namesTheTemporaryTableCreated() {
        assertThat(find("CREATE TEMPORARY TABLE t (a INT)")).isEqualTo(known(created(TableName.of("t"))));
        assertThat(find("CREATE OR REPLACE TEMPORARY TABLE t2 LIKE t")).isEqualTo(known(created(TableName.of("t2"))));
        assertThat(find("create temporary sequence s start with 1")).isEqualTo(known(created(TableName.of("s"))));
    }

    @Test
    void keepsTheQualifierAndUnquotesEachPart() {
        assertThat(find("CREATE TEMPORARY TABLE `my.db`.`t.1` (a INT)"))
                .isEqualTo(known(created(TableName.of("my.db", "t.1"))));
        assertThat(find("CREATE TEMPORARY TABLE `a.b` (a INT)")).isEqualTo(known(created(TableName.of("a.b"))));
        assertThat(find("CREATE TEMPORARY TABLE db . `x``y` (a INT)"))
                .isEqualTo(known(created(TableName.of("db", "x`y"))));
        assertThat(find("CREATE TEMPORARY TABLE 1abc (a INT)")).isEqualTo(known(created(TableName.of("1abc"))));
        assertThat(find("CREATE TEMPORARY TABLE tëst (a INT)")).isEqualTo(known(created(TableName.of("tëst"))));
    }

    @Test
    void readsNamesAcrossCommentsAndExecutableComments() {
        String sql = "create /* c */ temporary -- note\n table /*!32312 IF NOT EXISTS */ #x\n db.t2 SELECT 1";
        assertThat(find(sql)).isEqualTo(known(created(TableName.of("db", "t2"))));
        assertThat(find("/*!40101 CREATE TEMPORARY TABLE */ t3 (a INT)")).isEqualTo(known(created(TableName.of("t3"))));
        assertThat(find("CREATE /*M!100100 TEMPORARY */ TABLE IF NOT EXISTS t4 (a INT)"))
                .isEqualTo(known(created(TableName.of("t4"))));
    }

    @Test
    void doubleQuotesNameATableOnlyUnderAnsiQuotes() {
        String sql = "CREATE TEMPORARY TABLE \"db\".\"t\"\"q\" (a INT)";
        assertThat(names.find(buffer(sql), ANSI_QUOTES)).isEqualTo(known(created(TableName.of("db", "t\"q"))));
        assertThat(find(sql)).isEqualTo(new SessionObjectChanges(List.of(), true, false));
    }

    @Test
    void namesEveryTemporaryTableDropped() {
        assertThat(find("DROP TEMPORARY TABLE IF EXISTS a, db.b, `c.d`, `e`.`f`")).isEqualTo(known(
                dropped(TableName.of("a")), dropped(TableName.of("db", "b")), dropped(TableName.of("c.d")),
                dropped(TableName.of("e", "f"))));
        assertThat(find("drop temporary tables /* x */ t1 , t2 RESTRICT")).isEqualTo(known(
                dropped(TableName.of("t1")), dropped(TableName.of("t2"))));
        assertThat(find("DROP TEMPORARY SEQUENCE s")).isEqualTo(known(dropped(TableName.of("s"))));
    }

    @Test
    void aPlainDropOrCreateNamesNothing() {
        assertThat(find("DROP TABLE t; CREATE TABLE u (a INT); DROP PREPARE s")).isEqualTo(known());
    }

    @Test
    void keepsTheOrderOfStatementsAndIgnoresStrings() {
        String sql = "CREATE TEMPORARY TABLE t (a INT); SELECT 'CREATE TEMPORARY TABLE x', \"DROP TEMPORARY TABLE t\";"
                + " DROP TEMPORARY TABLE t; CREATE TEMPORARY TABLE IF NOT EXISTS t SELECT 1 AS a";
        assertThat(find(sql)).isEqualTo(known(created(TableName.of("t")), dropped(TableName.of("t")),
                created(TableName.of("t"))));
    }

    @Test
    void readsTheStatementAfterSetStatementFor() {
        assertThat(find("SET STATEMENT max_statement_time = 1, sql_mode = '' FOR CREATE TEMPORARY TABLE t (a INT)"))
                .isEqualTo(known(created(TableName.of("t"))));
    }

    @Test
    void aTableNamedLikeALockFunctionIsNoCall() {
        assertThat(find("CREATE TEMPORARY TABLE IF NOT EXISTS get_lock (a INT)"))
                .isEqualTo(known(created(TableName.of("get_lock"))));
        assertThat(find("CREATE TEMPORARY TABLE db.release_lock (a INT)"))
                .isEqualTo(known(created(TableName.of("db", "release_lock"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TEMPORARY TABLE 'x' (a INT)", "CREATE TEMPORARY TABLE db. (a INT)",
        "CREATE TEMPORARY VIEW v AS SELECT 1", "DROP TEMPORARY TABLE IF t", "DROP TEMPORARY TABLE a, @b",
        "CREATE TEMPORARY TABLE `unterminated"})
    void whatItCannotNameLeavesTheTablesUnknown(String sql) {
        assertThat(find(sql).temporaryTablesUnknown()).isTrue();
    }

    // --- Named locks ---------------------------------------------------------------------------------

    @Test
    void countsEveryLockCallWithALiteralName() {
        SessionObjectChanges found = find("SELECT GET_LOCK('a', 10), get_lock ('a', 0), RELEASE_LOCK('a')");
        assertThat(found).isEqualTo(known(acquired("a"), acquired("a"), released("a")));
        assertThat(found.namedLocksAcquired()).containsExactly("a", "a");
        assertThat(found.namedLocksReleased()).containsExactly("a");
        assertThat(found.allNamedLocksReleased()).isFalse();
    }

    @Test
    void selectDoAndSetRunTheirCallsOnce() {
        assertThat(find("DO GET_LOCK(\"job:1\", 0)")).isEqualTo(known(acquired("job:1")));
        assertThat(find("SET @got = GET_LOCK('a', 0), @also = RELEASE_LOCK('b')"))
                .isEqualTo(known(acquired("a"), released("b")));
        assertThat(find("SELECT GET_LOCK('a', 0) INTO @got")).isEqualTo(known(acquired("a")));
        assertThat(find("SET STATEMENT max_statement_time = 1 FOR SELECT GET_LOCK('a', 0)"))
                .isEqualTo(known(acquired("a")));
    }

    @Test
    void resolvesQuotesAndEscapesInTheName() {
        assertThat(find("SELECT GET_LOCK('it''s', 0), RELEASE_LOCK('x\\'y\\n'), GET_LOCK('50\\%', 0)"))
                .isEqualTo(known(acquired("it's"), released("x'y\n"), acquired("50\\%")));
        assertThat(names.find(buffer("SELECT GET_LOCK('a\\', 0)"), NO_BACKSLASH_ESCAPES))
                .isEqualTo(known(acquired("a\\")));
        assertThat(find("SELECT GET_LOCK('ünïcode', 0)")).isEqualTo(known(acquired("ünïcode")));
    }

    @Test
    void releaseAllIsSeen() {
        SessionObjectChanges found = find("SELECT RELEASE_ALL_LOCKS(), GET_LOCK('b', 0)");
        assertThat(found).isEqualTo(known(new AllNamedLocksReleased(), acquired("b")));
        assertThat(found.allNamedLocksReleased()).isTrue();
    }

    @Test
    void callsInStringsAndCommentsDoNotCount() {
        assertThat(find("SELECT 'GET_LOCK(''a'', 1)', \"RELEASE_ALL_LOCKS()\", `get_lock` FROM t")).isEqualTo(known());
        assertThat(find("SELECT /* GET_LOCK('b', 0) */ GET_LOCK('a', 0) -- RELEASE_LOCK('a')\n"))
                .isEqualTo(known(acquired("a")));
        assertThat(find("SELECT /*!50700 GET_LOCK('a', 0) */ # RELEASE_LOCK('a')")).isEqualTo(known(acquired("a")));
        assertThat(find("SELECT `get_lock`('a', 0)")).isEqualTo(known(acquired("a")));
        assertThat(find("SELECT db.get_lock('a', 0)")).isEqualTo(known());
    }

    @Test
    void statementsOfAMultiStatementQueryAreJudgedEachOnItsOwn() {
        assertThat(find("SELECT GET_LOCK('a', 0); SELECT * FROM t; SELECT RELEASE_LOCK('a')"))
                .isEqualTo(known(acquired("a"), released("a")));
        assertThat(find("SELECT GET_LOCK('a', 0); SELECT RELEASE_LOCK('a') FROM t"))
                .isEqualTo(new SessionObjectChanges(List.of(acquired("a"), released("a")), false, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT GET_LOCK(CONCAT('a', 1), 0)", "SELECT GET_LOCK(@name, 0)", "SELECT RELEASE_LOCK(name) FROM locks",
        "SELECT GET_LOCK('a' 'b', 0)", "SELECT GET_LOCK(_utf8mb4'a', 0)", "SELECT GET_LOCK(N'a', 0)",
        "SELECT GET_LOCK('a' COLLATE utf8mb4_bin, 0)", "SELECT RELEASE_LOCK('a', 1)", "SELECT RELEASE_ALL_LOCKS(1)",
        "SELECT GET_LOCK(?, 0)"})
    void aNameThatIsNoPlainLiteralLeavesTheLocksUnknown(String sql) {
        assertThat(find(sql).namedLocksUnknown()).as(sql).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT GET_LOCK('a', 0) FROM t", "SELECT GET_LOCK('a', 0) FROM DUAL",
        "SELECT (SELECT GET_LOCK('a', 0))", "SELECT GET_LOCK('a', 0) UNION SELECT 1",
        "SELECT 1 WHERE EXISTS (SELECT RELEASE_LOCK('a'))", "UPDATE t SET x = GET_LOCK('a', 0)",
        "DELETE FROM t WHERE RELEASE_LOCK('a')", "INSERT INTO t VALUES (GET_LOCK('a', 0))",
        "CALL p(GET_LOCK('a', 0))", "CREATE TEMPORARY TABLE t SELECT GET_LOCK('a', 0) AS g",
        "SET STATEMENT max_statement_time = 1 FOR UPDATE t SET a = GET_LOCK('a', 0)",
        "SET @x = (SELECT RELEASE_ALL_LOCKS())", "WITH c AS (SELECT 1) SELECT GET_LOCK('a', 0)"})
    void aCallTheStatementMayRunMoreThanOnceLeavesTheLocksUnknown(String sql) {
        assertThat(find(sql).namedLocksUnknown()).as(sql).isTrue();
    }

    @Test
    void aNestedCallInTheArgumentsIsStillFound() {
        assertThat(find("SELECT GET_LOCK(RELEASE_LOCK('a'), 0)"))
                .isEqualTo(new SessionObjectChanges(List.of(released("a")), false, true));
        assertThat(find("SELECT GET_LOCK('a', RELEASE_LOCK('b'))")).isEqualTo(known(acquired("a"), released("b")));
    }

    @Test
    void doubleQuotesAreAnIdentifierUnderAnsiQuotes() {
        assertThat(names.find(buffer("SELECT GET_LOCK(\"a\", 0)"), ANSI_QUOTES).namedLocksUnknown()).isTrue();
    }

    @Test
    void textTheLexerCannotFollowLeavesBothUnknown() {
        assertThat(find("SELECT GET_LOCK('a', 0), 'unterminated"))
                .isEqualTo(new SessionObjectChanges(List.of(acquired("a")), true, true));
    }

    @Test
    void aStoredProgramBodyIsNotRead() {
        assertThat(find("CREATE PROCEDURE p() SELECT RELEASE_LOCK('a')")).isEqualTo(known());
        assertThat(find("SELECT GET_LOCK('a', 0); CREATE PROCEDURE p() BEGIN DROP TEMPORARY TABLE t; END"))
                .isEqualTo(new SessionObjectChanges(List.of(acquired("a")), true, true));
    }

    @Test
    void theBufferIsLeftAsItWasAndNothingCarriesOver() {
        ByteBuf sql = Unpooled.buffer().writeBytes("xDROP TEMPORARY TABLE t; SELECT GET_LOCK('a', 0)y"
                .getBytes(StandardCharsets.UTF_8));
        sql.readerIndex(1).writerIndex(sql.writerIndex() - 1);
        assertThat(names.find(sql, SqlMode.DEFAULT)).isEqualTo(known(dropped(TableName.of("t")), acquired("a")));
        assertThat(sql.readerIndex()).isEqualTo(1);
        assertThat(sql.refCnt()).isEqualTo(1);
        sql.release();
        assertThat(find("SELECT 'open")).isEqualTo(new SessionObjectChanges(List.of(), true, true));
        assertThat(find("SELECT 1")).isEqualTo(known());
    }

    @Test
    void tableNamesPrintAsWritten() {
        assertThat(TableName.of("db", "t")).hasToString("db.t");
        assertThat(TableName.of("t")).hasToString("t");
    }

    private SessionObjectChanges find(String sql) {
        return names.find(buffer(sql), SqlMode.DEFAULT);
    }

    private static ByteBuf buffer(String sql) {
        return Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8);
    }

    private static SessionObjectChanges known(SessionObjectChange... changes) {
        return new SessionObjectChanges(List.of(changes), false, false);
    }

    private static SessionObjectChange created(TableName table) {
        return new TemporaryTableCreated(table);
    }

    private static SessionObjectChange dropped(TableName table) {
        return new TemporaryTableDropped(table);
    }

    private static SessionObjectChange acquired(String name) {
        return new NamedLockAcquired(name);
    }

    private static SessionObjectChange released(String name) {
        return new NamedLockReleased(name);
    }
}
