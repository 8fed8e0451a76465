package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a string literal, quoted identifier or comment holds, no effect escapes it; the lexer walks
 * any bytes forward to END or ERROR; a multi-statement query has the effects of its statements.
 */
class StatementClassifierPropertyTest {
    /** Pieces that could end a literal or comment early, or trigger an effect if they leaked. */
    private static final List<String> TRICKY = List.of("'", "\"", "\\", "`", "''", "\\'", "\\\\", "*/", "/*", "/*!",
            "/*M!", "-- ", "--", "#", "\n", "\r", ";", ":=", "@v := 1", "@@last_insert_id", "GET_LOCK('a', 1)",
            "get_lock (", "SQL_CALC_FOUND_ROWS", "LAST_INSERT_ID(5)", "SET @a = 1", "INTO @v", "LOCK TABLES t READ",
            "é", "€", "\u0000", "\t", "CREATE TEMPORARY TABLE t ", "DROP TEMPORARY TABLE ", "RELEASE_LOCK('a')",
            "RELEASE_ALL_LOCKS()", " FROM t", "SET STATEMENT x = 1 FOR ", "`a.b`.", "BEGIN", "SET autocommit = 0");
    private static final StatementEffects WRITES_V = StatementEffects.of(Effect.USER_VARIABLE_WRITE);

    /** Statements whose effects do not depend on what follows them (none changes sql_mode or the character set). */
    private static final List<String> STATEMENTS = List.of("SELECT 1", "SET @a = 1", "SELECT GET_LOCK('a', 1)",
            "SELECT LAST_INSERT_ID()", "USE db", "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED",
            "LOCK TABLES t READ", "UNLOCK TABLES", "CREATE TEMPORARY TABLE t (a INT)", "DROP TEMPORARY TABLE t",
            "SELECT 1 -- comment", "SELECT 1 # comment", "SET STATEMENT max_statement_time = 1 FOR SELECT FOUND_ROWS()",
            "/*!40101 SET @x = 1 */", "BEGIN", "COMMIT", "HANDLER t OPEN", "PREPARE s FROM 'SELECT 1'", "EXECUTE s",
            "SELECT 'it''s' INTO @v", "SHOW WARNINGS", "CALL p()", "XA START 'x'", "SET GLOBAL x = 1, y = 2",
            "FLUSH TABLES WITH READ LOCK", "SET @@tx_isolation = 'SERIALIZABLE'", "SELECT `get_lock` FROM t");

    private final StatementClassifier classifier = new StatementClassifier();
    private final SessionObjectNames names = new SessionObjectNames();
    private final SqlLexer lexer = new SqlLexer();

    @Provide
    Arbitrary<String> content() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(TRICKY),
                Arbitraries.strings().ascii().ofMaxLength(6));
        return piece.list().ofMaxSize(12).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<SqlMode> modes() {
        return Arbitraries.of(SqlMode.DEFAULT, new SqlMode(true, false), new SqlMode(false, true), new SqlMode(true, true));
    }

    @Provide
    Arbitrary<String> introducers() {
        return Arbitraries.of("", "N", "_utf8mb4", "_binary ", "X");
    }

    @Property
    void nothingInAStringLiteralCounts(@ForAll("content") String content, @ForAll("introducers") String introducer,
                                       @ForAll boolean doubleQuotes, @ForAll("modes") SqlMode mode,
                                       @ForAll boolean backslashBeforeQuotes) {
        char quote = doubleQuotes ? '"' : '\'';
        // A string with double quotes under ANSI_QUOTES is an identifier: no backslash escapes either.
        boolean escapes = doubleQuotes ? mode.backslashEscapesInDoubleQuotes() : mode.backslashEscapesInSingleQuotes();
        StringBuilder literal = new StringBuilder(introducer).append(quote);
        for (char c : content.toCharArray()) {
            if (c == quote) {
                literal.append(backslashBeforeQuotes && escapes ? '\\' : quote).append(quote);
            } else if (c == '\\' && escapes) {
                literal.append("\\\\");
            } else {
                literal.append(c);
            }
        }
        literal.append(quote);
        // The variable after the literal shows it ended where it should, and nothing else counted.
        assertThat(classify("SELECT " + literal + " INTO @v", mode)).isEqualTo(WRITES_V);
    }

    @Property
    void nothingInAQuotedIdentifierCounts(@ForAll("content") String content, @ForAll("modes") SqlMode mode) {
        String identifier = "`" + content.replace("`", "``") + "`";
        assertThat(classify("SELECT " + identifier + " FROM t INTO @v", mode)).isEqualTo(WRITES_V);
    }

    @Property
    void nothingInAPlainCommentCounts(@ForAll("content") String content) {
        String body = content;
        while (body.contains("*/")) {
            body = body.replace("*/", "*");
        }
        String oneLine = content.replace('\n', ' ');
        assertThat(classify("SELECT 1 /* " + body + " */ INTO @v", SqlMode.DEFAULT)).isEqualTo(WRITES_V);
        assertThat(classify("SELECT 1 -- " + oneLine + "\nINTO @v", SqlMode.DEFAULT)).isEqualTo(WRITES_V);
        assertThat(classify("SELECT 1 #" + oneLine + "\nINTO @v", SqlMode.DEFAULT)).isEqualTo(WRITES_V);
    }

    @Provide
    Arbitrary<byte[]> soup() {
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.of(TRICKY).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(4));
        return piece.list().ofMaxSize(20).map(pieces -> {
            ByteBuf joined = Unpooled.buffer();
            pieces.forEach(joined::writeBytes);
            byte[] bytes = new byte[joined.readableBytes()];
            joined.readBytes(bytes);
            return bytes;
        });
    }

    @Property
    void theLexerWalksAnyBytesForwardToEndOrError(@ForAll("soup") byte[] bytes, @ForAll("modes") SqlMode mode) {
        ByteBuf sql = Unpooled.wrappedBuffer(bytes);
        lexer.reset(sql, mode);
        int previousEnd = 0;
        int tokens = 0;
        TokenType type;
        do {
            type = lexer.next();
            tokens++;
            assertThat(tokens).isLessThanOrEqualTo(bytes.length + 1);
            assertThat(lexer.start()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(lexer.end()).isBetween(lexer.start(), bytes.length);
            if (type != TokenType.END && type != TokenType.ERROR) {
                assertThat(lexer.end()).isGreaterThan(lexer.start());
            }
            previousEnd = lexer.end();
        } while (type != TokenType.END && type != TokenType.ERROR);
        assertThat(classifier.classify(sql, mode)).isNotNull();
        assertThat(sql.readerIndex()).isZero();
    }

    /** The second pass runs only for queries with these effects, so it must never find more. */
    @Property
    void theSecondPassFindsOnlyWhatTheClassifierAnnounced(@ForAll("soup") byte[] bytes, @ForAll("modes") SqlMode mode) {
        ByteBuf sql = Unpooled.wrappedBuffer(bytes);
        StatementEffects effects = classifier.classify(sql, mode);
        for (SessionObjectChange change : names.find(sql, mode).changes()) {
            assertThat(effects.has(announcedBy(change))).as("%s in %s", change, effects).isTrue();
        }
    }

    private static Effect announcedBy(SessionObjectChange change) {
        if (change instanceof SessionObjectChange.TemporaryTableCreated) {
            return Effect.TEMPORARY_TABLE_CREATE;
        } else if (change instanceof SessionObjectChange.TemporaryTableDropped) {
            return Effect.TEMPORARY_TABLE_DROP;
        } else if (change instanceof SessionObjectChange.NamedLockAcquired) {
            return Effect.NAMED_LOCK_ACQUIRE;
        } else if (change instanceof SessionObjectChange.NamedLockReleased) {
            return Effect.NAMED_LOCK_RELEASE;
        }
        return Effect.NAMED_LOCK_RELEASE_ALL;
    }

    @Provide
    Arbitrary<List<String>> statements() {
        return Arbitraries.of(STATEMENTS).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property
    void aMultiStatementQueryHasTheEffectsOfItsStatements(@ForAll("statements") List<String> statements) {
        Set<Effect> expected = EnumSet.noneOf(Effect.class);
        statements.forEach(statement -> expected.addAll(classify(statement, SqlMode.DEFAULT).toSet()));
        assertThat(classify(String.join("\n;\n", statements), SqlMode.DEFAULT).toSet()).isEqualTo(expected);
    }

    private StatementEffects classify(String sql, SqlMode mode) {
        return classifier.classify(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), mode);
    }
}
