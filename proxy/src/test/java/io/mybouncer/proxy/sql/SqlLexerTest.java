package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlLexerTest {
    private final SqlLexer lexer = new SqlLexer();

    /** The tokens of {@code sql} as "TYPE text", up to and including END or ERROR. */
    private static final SqlMode NO_BACKSLASH_ESCAPES = new SqlMode(true, false);
    private static final SqlMode ANSI_QUOTES = new SqlMode(false, true);

    private List<String> tokens(String sql, SqlMode mode) {
        ByteBuf buf = Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8);
        lexer.reset(buf, mode);
        List<String> tokens = new ArrayList<>();
        TokenType type;
        do {
            type = lexer.next();
            tokens.add(type + " " + buf.toString(lexer.start(), lexer.end() - lexer.start(), StandardCharsets.UTF_8));
        } while (type != TokenType.END && type != TokenType.ERROR);
        return tokens;
    }

    private List<String> tokens(String sql) {
        return tokens(sql, SqlMode.DEFAULT);
    }

    @Test
    void skipsWhitespaceAndEveryKindOfComment() {
        assertThat(tokens(" \t/* a */SELECT# x\n 1 -- y\r\n2/*+ hint */;"))
                .containsExactly("WORD SELECT", "NUMBER 1", "NUMBER 2", "SEMICOLON ;", "END ");
    }

    @Test
    void doubleDashStartsACommentOnlyBeforeWhitespaceControlOrEnd() {
        assertThat(tokens("1--1")).containsExactly("NUMBER 1", "PUNCTUATION -", "PUNCTUATION -", "NUMBER 1", "END ");
        assertThat(tokens("1-- 1\n2")).containsExactly("NUMBER 1", "NUMBER 2", "END ");
        assertThat(tokens("1--\t1\n2")).containsExactly("NUMBER 1", "NUMBER 2", "END ");
        assertThat(tokens("1--\u00011\n2")).containsExactly("NUMBER 1", "NUMBER 2", "END ");
        assertThat(tokens("1--")).containsExactly("NUMBER 1", "END ");
    }

    @Test
    void hashCommentEndsAtALineFeedNotACarriageReturn() {
        assertThat(tokens("1 # x\r2\n3")).containsExactly("NUMBER 1", "NUMBER 3", "END ");
    }

    @Test
    void executableCommentsAreLexedAsCode() {
        assertThat(tokens("/*! SELECT */ 1")).containsExactly("WORD SELECT", "NUMBER 1", "END ");
        assertThat(tokens("/*!50110 KEY_BLOCK_SIZE=1024 */"))
                .containsExactly("WORD KEY_BLOCK_SIZE", "PUNCTUATION =", "NUMBER 1024", "END ");
        assertThat(tokens("/*M!100100 a */ /*M! b*/")).containsExactly("WORD a", "WORD b", "END ");
        assertThat(tokens("/*!40101SET*/")).containsExactly("WORD SET", "END ");
    }

    @Test
    void aPlainCommentInsideAnExecutableOneEndsAtItsOwnClose() {
        assertThat(tokens("/*! a /* b */ c */ d")).containsExactly("WORD a", "WORD c", "WORD d", "END ");
    }

    @Test
    void aStringInsideAnExecutableCommentMayHoldTheCloser() {
        assertThat(tokens("/*! 'x*/y' */ z")).containsExactly("STRING 'x*/y'", "WORD z", "END ");
    }

    @Test
    void closerOutsideAnExecutableCommentIsPunctuation() {
        assertThat(tokens("2*/1")).containsExactly("NUMBER 2", "PUNCTUATION *", "PUNCTUATION /", "NUMBER 1", "END ");
    }

    @Test
    void failsOnWhatTheServersReject() {
        assertThat(tokens("SELECT 'abc")).containsExactly("WORD SELECT", "ERROR 'abc");
        assertThat(tokens("SELECT 1 /* x")).containsExactly("WORD SELECT", "NUMBER 1", "ERROR /* x");
        assertThat(tokens("`a")).containsExactly("ERROR `a");
        assertThat(tokens("/*! x")).containsExactly("WORD x", "ERROR ");
        assertThat(tokens("/*! x /*! y */ */")).containsExactly("WORD x", "ERROR /*! y */ */");
        assertThat(tokens("@@session.`x")).containsExactly("ERROR @@session.`x");
    }

    @Test
    void endAndErrorRepeat() {
        lexer.reset(Unpooled.copiedBuffer("'", StandardCharsets.UTF_8), SqlMode.DEFAULT);
        assertThat(lexer.next()).isEqualTo(TokenType.ERROR);
        assertThat(lexer.next()).isEqualTo(TokenType.ERROR);
        lexer.reset(Unpooled.EMPTY_BUFFER, SqlMode.DEFAULT);
        assertThat(lexer.next()).isEqualTo(TokenType.END);
        assertThat(lexer.next()).isEqualTo(TokenType.END);
    }

    @Test
    void backslashEscapesUnlessNoBackslashEscapes() {
        assertThat(tokens("'it\\'s' x")).containsExactly("STRING 'it\\'s'", "WORD x", "END ");
        assertThat(tokens("'it\\'s' x", NO_BACKSLASH_ESCAPES)).containsExactly("STRING 'it\\'", "WORD s", "ERROR ' x");
        assertThat(tokens("\"a\\\"b\" x")).containsExactly("DOUBLE_QUOTED \"a\\\"b\"", "WORD x", "END ");
        assertThat(tokens("'a\\\\' b")).containsExactly("STRING 'a\\\\'", "WORD b", "END ");
        assertThat(tokens("'a\\")).containsExactly("ERROR 'a\\");
    }

    @Test
    void underAnsiQuotesABackslashEscapesNothingInDoubleQuotes() {
        assertThat(tokens("\"a\\\" x", ANSI_QUOTES)).containsExactly("DOUBLE_QUOTED \"a\\\"", "WORD x", "END ");
        assertThat(tokens("@\"a\\\" x", ANSI_QUOTES)).containsExactly("USER_VARIABLE @\"a\\\"", "WORD x", "END ");
        assertThat(tokens("'a\\'' x", ANSI_QUOTES)).containsExactly("STRING 'a\\''", "WORD x", "END ");
    }

    @Test
    void doubledQuotesEscapeInEveryMode() {
        assertThat(tokens("'it''s' x")).containsExactly("STRING 'it''s'", "WORD x", "END ");
        assertThat(tokens("'it''s' x", NO_BACKSLASH_ESCAPES)).containsExactly("STRING 'it''s'", "WORD x", "END ");
        assertThat(tokens("\"a\"\"b\"")).containsExactly("DOUBLE_QUOTED \"a\"\"b\"", "END ");
        assertThat(tokens("''''")).containsExactly("STRING ''''", "END ");
    }

    @Test
    void backtickIdentifiersDoubleTheirQuoteAndHaveNoBackslashEscapes() {
        assertThat(tokens("`a``b` c")).containsExactly("QUOTED_IDENTIFIER `a``b`", "WORD c", "END ");
        assertThat(tokens("`a\\` b")).containsExactly("QUOTED_IDENTIFIER `a\\`", "WORD b", "END ");
    }

    @Test
    void introducersJoinTheStringWrittenAgainstThem() {
        assertThat(tokens("N'x' n'y' X'41' b'1' _utf8mb4'z' _latin1\"q\""))
                .containsExactly("STRING N'x'", "STRING n'y'", "STRING X'41'", "STRING b'1'", "STRING _utf8mb4'z'",
                        "STRING _latin1\"q\"", "END ");
        assertThat(tokens("Nx'1' _utf8mb4 'a' N\"b\""))
                .containsExactly("WORD Nx", "STRING '1'", "WORD _utf8mb4", "STRING 'a'", "WORD N",
                        "DOUBLE_QUOTED \"b\"", "END ");
    }

    @Test
    void userVariables() {
        assertThat(tokens("@a @a.b$c @'q''x' @\"d\" @`e``f` @ x"))
                .containsExactly("USER_VARIABLE @a", "USER_VARIABLE @a.b$c", "USER_VARIABLE @'q''x'",
                        "USER_VARIABLE @\"d\"", "USER_VARIABLE @`e``f`", "PUNCTUATION @", "WORD x", "END ");
        assertThat(tokens("'u'@'h'")).containsExactly("STRING 'u'", "USER_VARIABLE @'h'", "END ");
    }

    @Test
    void systemVariablesWithTheirQualifierAndName() {
        assertThat(tokens("@@x @@session.sql_mode @@GLOBAL.`x` @@validate_password.length=1"))
                .containsExactly("SYSTEM_VARIABLE @@x", "SYSTEM_VARIABLE @@session.sql_mode",
                        "SYSTEM_VARIABLE @@GLOBAL.`x`", "SYSTEM_VARIABLE @@validate_password.length",
                        "PUNCTUATION =", "NUMBER 1", "END ");
        assertSystemVariable("@@session.autocommit", Keyword.SESSION, Keyword.AUTOCOMMIT);
        assertSystemVariable("@@Autocommit", Keyword.OTHER, Keyword.AUTOCOMMIT);
        assertSystemVariable("@@local.`tx_isolation`", Keyword.LOCAL, Keyword.TX_ISOLATION);
        assertSystemVariable("@@validate_password.length", Keyword.OTHER, Keyword.OTHER);
    }

    private void assertSystemVariable(String sql, Keyword qualifier, Keyword name) {
        lexer.reset(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), SqlMode.DEFAULT);
        assertThat(lexer.next()).isEqualTo(TokenType.SYSTEM_VARIABLE);
        assertThat(lexer.systemVariableQualifier()).isEqualTo(qualifier);
        assertThat(lexer.systemVariableName()).isEqualTo(name);
    }

    @Test
    void assignmentAndStatementSeparators() {
        assertThat(tokens("@a:=1;@b : = 2"))
                .containsExactly("USER_VARIABLE @a", "ASSIGN :=", "NUMBER 1", "SEMICOLON ;", "USER_VARIABLE @b",
                        "PUNCTUATION :", "PUNCTUATION =", "NUMBER 2", "END ");
    }

    @Test
    void numbers() {
        assertThat(tokens("1.5e-3 0x1F 12abc 1e+ .5"))
                .containsExactly("NUMBER 1.5e-3", "NUMBER 0x1F", "NUMBER 12abc", "NUMBER 1e", "PUNCTUATION +",
                        "PUNCTUATION .", "NUMBER 5", "END ");
    }

    @Test
    void bytesFromHexEightyArePartOfWords() {
        assertThat(tokens("SELECT é€x FROM t"))
                .containsExactly("WORD SELECT", "WORD é€x", "WORD FROM", "WORD t", "END ");
    }

    @Test
    void keywordsMatchInAnyCaseAndOnlyWhole() {
        assertThat(keywords("gEt_LoCk get_locks get `get_lock` update")).containsExactly(Keyword.GET_LOCK,
                Keyword.OTHER, Keyword.GET, Keyword.OTHER, Keyword.OTHER);
        lexer.reset(Unpooled.copiedBuffer("`Get_Lock` \"row_count\" 'found_rows'", StandardCharsets.UTF_8), SqlMode.DEFAULT);
        lexer.next();
        assertThat(lexer.quotedKeyword()).isEqualTo(Keyword.GET_LOCK);
        lexer.next();
        assertThat(lexer.quotedKeyword()).isEqualTo(Keyword.ROW_COUNT);
        lexer.next();
        assertThat(lexer.quotedKeyword()).isEqualTo(Keyword.OTHER);
    }

    private List<Keyword> keywords(String sql) {
        lexer.reset(Unpooled.copiedBuffer(sql, StandardCharsets.UTF_8), SqlMode.DEFAULT);
        List<Keyword> keywords = new ArrayList<>();
        while (lexer.next() != TokenType.END) {
            keywords.add(lexer.keyword());
        }
        return keywords;
    }

    @Test
    void lexesOnlyFromReaderToWriterIndexAndMovesNeither() {
        ByteBuf buf = Unpooled.copiedBuffer("x'SELECT 1'y", StandardCharsets.UTF_8);
        buf.readerIndex(2).writerIndex(10);
        lexer.reset(buf, SqlMode.DEFAULT);
        assertThat(lexer.next()).isEqualTo(TokenType.WORD);
        assertThat(lexer.start()).isEqualTo(2);
        assertThat(lexer.end()).isEqualTo(8);
        assertThat(lexer.next()).isEqualTo(TokenType.NUMBER);
        assertThat(lexer.next()).isEqualTo(TokenType.END);
        assertThat(buf.readerIndex()).isEqualTo(2);
        assertThat(buf.writerIndex()).isEqualTo(10);
        assertThat(buf.refCnt()).isEqualTo(1);
    }

    @Test
    void lexesADirectBufferLikeAHeapOne() {
        ByteBuf direct = Unpooled.directBuffer();
        try {
            direct.writeCharSequence("SELECT 'a''b', `c`", StandardCharsets.UTF_8);
            lexer.reset(direct, SqlMode.DEFAULT);
            List<TokenType> types = new ArrayList<>();
            while (lexer.next() != TokenType.END) {
                types.add(lexer.type());
            }
            assertThat(types).containsExactly(TokenType.WORD, TokenType.STRING, TokenType.PUNCTUATION,
                    TokenType.QUOTED_IDENTIFIER);
        } finally {
            direct.release();
        }
    }
}
