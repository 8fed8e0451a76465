package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of tricky SQL in {@code statement-effects.txt}, and what a table cannot say. */
class StatementClassifierTest {
    private static final String TABLE = "statement-effects.txt";
    private static final int MIB = 1 << 20;

    private final StatementClassifier classifier = new StatementClassifier();

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesLikeTheTable(String name, String sql, SqlMode mode, StatementEffects expected) {
        assertThat(classify(sql, mode)).isEqualTo(expected);
    }

    /** The same text inside a larger heap buffer and in a direct buffer: only the region counts. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void classifiesTheReadableRegionOfAnyBuffer(String name, String sql, SqlMode mode, StatementEffects expected) {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        ByteBuf framed = Unpooled.buffer().writeBytes("\u0003'".getBytes(StandardCharsets.UTF_8))
                .writeBytes(text).writeBytes("'; SET @tail = 1".getBytes(StandardCharsets.UTF_8));
        framed.readerIndex(2).writerIndex(2 + text.length);
        assertThat(classifier.classify(framed, mode)).isEqualTo(expected);
        assertThat(framed.readerIndex()).isEqualTo(2);

        ByteBuf direct = Unpooled.directBuffer(text.length).writeBytes(text);
        try {
            assertThat(classifier.classify(direct, mode)).isEqualTo(expected);
            assertThat(direct.refCnt()).isEqualTo(1);
        } finally {
            direct.release();
        }
    }

    static Stream<Arguments> table() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (InputStream in = Objects.requireNonNull(StatementClassifierTest.class.getResourceAsStream(TABLE), TABLE);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith(">> ")) {
                    cases.add(readCase(line.substring(3), reader));
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    throw new IllegalStateException(TABLE + ": a line outside any case: " + line);
                }
            }
        }
        return cases.stream();
    }

    private static Arguments readCase(String header, BufferedReader reader) throws IOException {
        // "name [MODE,MODE]": the sql_mode flags the case runs under.
        int bracket = header.endsWith("]") ? header.lastIndexOf(" [") : -1;
        String name = bracket < 0 ? header : header.substring(0, bracket);
        SqlMode mode = bracket < 0 ? SqlMode.DEFAULT : SqlMode.parse(header.substring(bracket + 2, header.length() - 1));
        List<String> sql = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.startsWith("=> ")) {
                return Arguments.of(name, String.join("\n", sql), mode, effects(line.substring(3)));
            }
            sql.add(line);
        }
        throw new IllegalStateException(TABLE + ": case without \"=> \": " + header);
    }

    private static StatementEffects effects(String list) {
        if (list.equals("NONE")) {
            return StatementEffects.NONE;
        }
        return StatementEffects.of(Arrays.stream(list.split(",\\s*")).map(Effect::valueOf).toArray(Effect[]::new));
    }

    private StatementEffects classify(String sql, SqlMode mode) {
        return classifier.classify(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), mode);
    }

    private StatementEffects classify(String sql) {
        return classify(sql, SqlMode.DEFAULT);
    }

    @Test
    void emptyAndBlankTextHasNoEffect() {
        assertThat(classify("")).isSameAs(StatementEffects.NONE);
        assertThat(classify(" \n\t-- nothing\n/* */")).isSameAs(StatementEffects.NONE);
    }

    @Test
    void commonResultsAreSharedInstances() {
        assertThat(classify("SELECT * FROM t WHERE id = 1")).isSameAs(StatementEffects.NONE);
        assertThat(classify("SET @a = 1")).isSameAs(classify("SELECT 1 INTO @b"));
    }

    @Test
    void nothingCarriesOverToTheNextQuery() {
        assertThat(classify("SELECT 'open")).isEqualTo(StatementEffects.of(Effect.UNKNOWN));
        assertThat(classify("SELECT 1")).isSameAs(StatementEffects.NONE);
        assertThat(classify("SELECT /*! 1")).isEqualTo(StatementEffects.of(Effect.UNKNOWN));
        assertThat(classify("SELECT 1 */")).isSameAs(StatementEffects.NONE);
        assertThat(classify("SELECT LAST_INSERT_ID(")).isEqualTo(StatementEffects.of(Effect.LAST_INSERT_ID_WRITE));
        assertThat(classify(")")).isSameAs(StatementEffects.NONE);
        assertThat(classify("SELECT x INTO")).isSameAs(StatementEffects.NONE);
        assertThat(classify("@v")).isSameAs(StatementEffects.NONE);
        assertThat(classify("CREATE PROCEDURE p() BEGIN SELECT 1; END")).isEqualTo(StatementEffects.of(Effect.UNKNOWN));
        assertThat(classify("SELECT RELEASE_LOCK('a')")).isEqualTo(StatementEffects.of(Effect.NAMED_LOCK_RELEASE));
    }

    @Test
    void aMebibyteOfStatementsIsReadToTheEnd() {
        StringBuilder sql = new StringBuilder(MIB + 100);
        while (sql.length() < MIB) {
            sql.append("SELECT 'x''y\\'z', /* c; */ `id`, @a, 1.5e3, \"GET_LOCK(1)\" FROM t -- RELEASE_LOCK('a')\n;");
        }
        sql.append("SELECT GET_LOCK('a', 1)");
        assertThat(classify(sql.toString())).isEqualTo(StatementEffects.of(Effect.NAMED_LOCK_ACQUIRE));
    }

    @Test
    void aMebibyteStringLiteralIsOneToken() {
        String literal = "ab\\'cd''ef GET_LOCK(1, 2) ".repeat(MIB / 26);
        assertThat(classify("INSERT INTO t VALUES ('" + literal + "') ; SET @done = 1"))
                .isEqualTo(StatementEffects.of(Effect.USER_VARIABLE_WRITE));
    }

    @Test
    void aMebibyteOfNestedSetStatementsNeedsNoStack() {
        String sql = "SET STATEMENT max_statement_time = 1 FOR ".repeat(MIB / 42) + "SELECT GET_LOCK('a', 1)";
        assertThat(classify(sql)).isEqualTo(StatementEffects.of(Effect.NAMED_LOCK_ACQUIRE));
    }

    @Test
    void aMebibyteOfParenthesesAndCommentsIsReadToTheEnd() {
        String sql = "SELECT " + "(/* x */".repeat(MIB / 8) + "1" + ")".repeat(MIB / 8) + " INTO @v";
        assertThat(classify(sql)).isEqualTo(StatementEffects.of(Effect.USER_VARIABLE_WRITE));
    }
}
