package io.mybouncer.proxy.sql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;

/**
 * A cursor over the tokens of MySQL/MariaDB SQL text held in a {@link ByteBuf}: {@link #next()} moves
 * to the next token and reports its {@link TokenType}; {@link #start()} and {@link #end()} are its
 * absolute indices in the buffer. Nothing is decoded or copied and nothing is allocated per token, so
 * one lexer serves any number of queries ({@link #reset}).
 *
 * <p>What it skips: whitespace; {@code #} comments and {@code -- } comments (only when the second
 * dash is followed by whitespace, a control byte or the end: {@code 1--1} is arithmetic) to the end of
 * the line; {@code /* .. *}{@code /} comments, optimizer hints included. Executable comments,
 * {@code /*!..*}{@code /}, {@code /*!50110 ..*}{@code /}, and MariaDB's {@code /*M!..*}{@code /},
 * {@code /*M!100100 ..*}{@code /}, are code: the opener with its version digits and the closing
 * {@code *}{@code /} are skipped and what lies between is lexed. The version is ignored, as if the
 * server ran every such comment; MySQL also ignores {@code /*M!}. That errs towards seeing more code,
 * which is the safe side for {@link StatementClassifier}.
 *
 * <p>Quotes follow the session's {@link SqlMode}: backslash escapes ({@code 'it\'s'}) unless
 * NO_BACKSLASH_ESCAPES, and none in {@code ".."} under ANSI_QUOTES, where it quotes an identifier. A
 * doubled quote ({@code 'it''s'}) escapes in every mode, and so does a doubled backtick in an
 * identifier.
 *
 * <p><b>Character sets.</b> Bytes are lexed as ASCII, and any byte from 0x80 is part of a word. That is
 * right for every client character set in which a byte below 0x80 always stands for that ASCII
 * character: utf8mb4, utf8mb3, latin1, ascii, binary and the other single-byte sets. It is wrong for
 * sjis, cp932, gbk, big5 and gb18030, whose second bytes can be 0x5C ({@code \}) or a quote, so a
 * string could end or an escape happen in the middle of a character. Callers must not lex text sent in
 * those sets and should treat such a query as {@link Effect#UNKNOWN} (ucs2, utf16 and utf32 cannot be
 * client character sets).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/comments.html">Comments</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/string-literals.html">String literals</a>
 * @see <a href="https://mariadb.com/kb/en/comment-syntax/">MariaDB comment syntax</a>
 */
public final class SqlLexer {
    /** Stops on the bytes that can end or escape a {@code '..'} literal. */
    private static final ByteProcessor SINGLE_QUOTE_OR_BACKSLASH = b -> b != '\'' && b != '\\';
    /** Stops on the bytes that can end or escape a {@code ".."} literal. */
    private static final ByteProcessor DOUBLE_QUOTE_OR_BACKSLASH = b -> b != '"' && b != '\\';
    /** Stops on the first byte that cannot be part of a word. */
    private static final ByteProcessor WORD_BYTES = b -> isWordByte(b & 0xFF);
    /** MySQL writes 5 version digits after {@code /*!}, MariaDB 5 or 6 after {@code /*M!}. */
    private static final int MAX_VERSION_DIGITS = 6;

    // Set by reset(), for one query.
    private ByteBuf sql = Unpooled.EMPTY_BUFFER;
    private int limit;
    private SqlMode mode = SqlMode.DEFAULT;

    // Moved by next().
    private int position;
    private boolean inExecutableComment;
    private boolean failed;
    private TokenType type = TokenType.END;
    private int start;
    private int end;
    /** For a SYSTEM_VARIABLE: the index of its first {@code .}, or -1. */
    private int qualifierEnd;
    /** For a SYSTEM_VARIABLE: where its last name part begins. */
    private int nameStart;

    /**
     * Starts over on {@code sql} from its reader index to its writer index. The lexer reads with
     * absolute indices: neither index nor the reference count of {@code sql} changes, and the buffer
     * must stay readable until the caller is done with the tokens. Call {@link #next()} for the first
     * token.
     *
     * @param mode the session's sql_mode flags for quotes
     */
    public void reset(ByteBuf sql, SqlMode mode) {
        this.sql = sql;
        this.limit = sql.writerIndex();
        this.mode = mode;
        this.position = sql.readerIndex();
        this.inExecutableComment = false;
        this.failed = false;
        this.type = TokenType.END;
        this.start = position;
        this.end = position;
    }

    /** Moves to the next token. END and ERROR repeat once reached. */
    public TokenType next() {
        if (failed) {
            return type;
        }
        if (!skipSpaceAndComments()) {
            return fail();
        }
        start = position;
        if (position >= limit) {
            // An executable comment still open at the end never closed.
            return inExecutableComment ? fail() : token(TokenType.END, position);
        }
        int c = sql.getUnsignedByte(position);
        return switch (c) {
            case '\'' -> quoted(TokenType.STRING, position, escapes(c));
            case '"' -> quoted(TokenType.DOUBLE_QUOTED, position, escapes(c));
            case '`' -> quoted(TokenType.QUOTED_IDENTIFIER, position, escapes(c));
            case '@' -> variable();
            case ';' -> token(TokenType.SEMICOLON, position + 1);
            case ':' -> at(position + 1) == '=' ? token(TokenType.ASSIGN, position + 2)
                    : token(TokenType.PUNCTUATION, position + 1);
            default -> isDigit(c) ? number() : isWordByte(c) ? word() : token(TokenType.PUNCTUATION, position + 1);
        };
    }

    public TokenType type() {
        return type;
    }

    /** Absolute index of the current token's first byte. */
    public int start() {
        return start;
    }

    /** Absolute index just past the current token. */
    public int end() {
        return end;
    }

    /** Whether the current token is the punctuation byte {@code c}. */
    public boolean isPunctuation(char c) {
        return type == TokenType.PUNCTUATION && sql.getByte(start) == c;
    }

    /** Whether the current token's text is {@code text} (ASCII), ignoring ASCII letter case. */
    public boolean spells(String text) {
        if (end - start != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (asciiUpperCase(sql.getUnsignedByte(start + i)) != asciiUpperCase(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The keyword a WORD spells; {@link Keyword#OTHER} for other words and other tokens. */
    Keyword keyword() {
        return type == TokenType.WORD ? Keyword.find(sql, start, end) : Keyword.OTHER;
    }

    /** The keyword between the quotes of a QUOTED_IDENTIFIER or DOUBLE_QUOTED token, else OTHER. */
    Keyword quotedKeyword() {
        return type == TokenType.QUOTED_IDENTIFIER || type == TokenType.DOUBLE_QUOTED
                ? Keyword.find(sql, start + 1, end - 1) : Keyword.OTHER;
    }

    /** For {@code @@session.x}: SESSION; for a SYSTEM_VARIABLE without a dot and other tokens: OTHER. */
    Keyword systemVariableQualifier() {
        return type == TokenType.SYSTEM_VARIABLE && qualifierEnd >= 0 ? namePart(start + 2, qualifierEnd)
                : Keyword.OTHER;
    }

    /** For {@code @@session.x} and {@code @@x}: the keyword {@code x} spells, if any. */
    Keyword systemVariableName() {
        return type == TokenType.SYSTEM_VARIABLE ? namePart(nameStart, end) : Keyword.OTHER;
    }

    private Keyword namePart(int from, int to) {
        return to - from >= 2 && sql.getByte(from) == '`' ? Keyword.find(sql, from + 1, to - 1)
                : Keyword.find(sql, from, to);
    }

    /**
     * Moves {@link #position} past whitespace and comments, entering and leaving executable comments.
     * False when a comment does not end, or an executable comment opens inside another (both servers
     * reject that).
     */
    private boolean skipSpaceAndComments() {
        while (position < limit) {
            int c = sql.getUnsignedByte(position);
            int next = at(position + 1);
            if (c <= ' ') {
                position++;
            } else if (c == '#') {
                position = lineEnd(position + 1);
            } else if (c == '-' && next == '-' && startsLineComment(position + 2)) {
                position = lineEnd(position + 2);
            } else if (c == '/' && next == '*') {
                if (!skipComment()) {
                    return false;
                }
            } else if (c == '*' && next == '/' && inExecutableComment) {
                position += 2;
                inExecutableComment = false;
            } else {
                return true;
            }
        }
        return true;
    }

    /** {@code --} starts a comment only when followed by whitespace, a control byte, or the end. */
    private boolean startsLineComment(int afterDashes) {
        int c = at(afterDashes);
        return c < 0 || c <= ' ' || c == 0x7F;
    }

    /** The index after the next line feed at or after {@code from}, or the limit. */
    private int lineEnd(int from) {
        int lf = sql.indexOf(from, limit, (byte) '\n');
        return lf < 0 ? limit : lf + 1;
    }

    /** At {@code /*}: enters an executable comment, or skips a comment. False when it cannot. */
    private boolean skipComment() {
        int p = position + 2;
        int marker = at(p);
        if (marker == '!' || marker == 'M' && at(p + 1) == '!') {
            if (inExecutableComment) {
                return false;
            }
            p += marker == '!' ? 1 : 2;
            for (int digits = 0; digits < MAX_VERSION_DIGITS && isDigit(at(p)); digits++) {
                p++;
            }
            position = p;
            inExecutableComment = true;
            return true;
        }
        // A plain comment, also inside an executable one: it ends at the first */ (no nesting).
        int star = sql.indexOf(p, limit, (byte) '*');
        while (star >= 0 && at(star + 1) != '/') {
            star = sql.indexOf(star + 1, limit, (byte) '*');
        }
        if (star < 0) {
            return false;
        }
        position = star + 2;
        return true;
    }

    /** A token from {@link #start} to the quote that closes the one at {@code open}. */
    private TokenType quoted(TokenType kind, int open, boolean escapes) {
        int close = closingQuote(open, escapes);
        return close < 0 ? fail() : token(kind, close + 1);
    }

    /**
     * The index of the quote that closes the one at {@code open}, stepping over doubled quotes and,
     * when {@code escapes}, a backslash and the byte after it; -1 when none does.
     */
    private int closingQuote(int open, boolean escapes) {
        byte quote = sql.getByte(open);
        ByteProcessor stop = quote == '\'' ? SINGLE_QUOTE_OR_BACKSLASH : DOUBLE_QUOTE_OR_BACKSLASH;
        int i = open + 1;
        while (i < limit) {
            int found = escapes ? sql.forEachByte(i, limit - i, stop) : sql.indexOf(i, limit, quote);
            if (found < 0) {
                return -1;
            }
            if (sql.getByte(found) == '\\' || at(found + 1) == quote) {
                i = found + 2;
            } else {
                return found;
            }
        }
        return -1;
    }

    /** At {@code @}: a user variable, a system variable, or a lone {@code @} (as in {@code 'u'@ 'h'}). */
    private TokenType variable() {
        int p = position + 1;
        int c = at(p);
        if (c == '@') {
            return systemVariable(p + 1);
        }
        if (c == '\'' || c == '"' || c == '`') {
            return quoted(TokenType.USER_VARIABLE, p, escapes(c));
        }
        int nameEnd = p;
        while (nameEnd < limit && (isWordByte(sql.getUnsignedByte(nameEnd)) || sql.getByte(nameEnd) == '.')) {
            nameEnd++;
        }
        return token(nameEnd == p ? TokenType.PUNCTUATION : TokenType.USER_VARIABLE, nameEnd);
    }

    /** After {@code @@}: name parts, each a word or backtick-quoted, joined by dots. */
    private TokenType systemVariable(int from) {
        qualifierEnd = -1;
        nameStart = from;
        int p = namePartEnd(from);
        while (p >= 0 && at(p) == '.') {
            if (qualifierEnd < 0) {
                qualifierEnd = p;
            }
            nameStart = p + 1;
            p = namePartEnd(p + 1);
        }
        return p < 0 ? fail() : token(TokenType.SYSTEM_VARIABLE, p);
    }

    /** The end of a word or backtick-quoted name part starting at {@code from}; -1 when unterminated. */
    private int namePartEnd(int from) {
        if (at(from) == '`') {
            int close = closingQuote(from, false);
            return close < 0 ? -1 : close + 1;
        }
        return wordEnd(from);
    }

    /** A word, or a string literal with the introducer the word is ({@code N'..'}, {@code _utf8mb4'..'}). */
    private TokenType word() {
        int p = wordEnd(position + 1);
        int quote = at(p);
        if (quote == '\'' || quote == '"') {
            int first = sql.getUnsignedByte(position);
            boolean charsetIntroducer = first == '_';
            boolean letterPrefix = p - position == 1 && quote == '\'' && "NnXxBb".indexOf(first) >= 0;
            if (charsetIntroducer || letterPrefix) {
                return quoted(TokenType.STRING, p, escapes(quote));
            }
        }
        return token(TokenType.WORD, p);
    }

    /** Digits and word bytes, an optional fraction, an optional signed exponent ({@code 1.5e-3}). */
    private TokenType number() {
        int p = wordEnd(position + 1);
        if (at(p) == '.') {
            p = wordEnd(p + 1);
        }
        int last = sql.getUnsignedByte(p - 1);
        int sign = at(p);
        if ((last == 'e' || last == 'E') && (sign == '+' || sign == '-') && isDigit(at(p + 1))) {
            p = wordEnd(p + 1);
        }
        return token(TokenType.NUMBER, p);
    }

    /** The index of the first byte at or after {@code from} that is not part of a word, or the limit. */
    private int wordEnd(int from) {
        int end = from < limit ? sql.forEachByte(from, limit - from, WORD_BYTES) : -1;
        return end < 0 ? limit : end;
    }

    /** Whether a backslash escapes inside the quote {@code quote}. */
    private boolean escapes(int quote) {
        return switch (quote) {
            case '\'' -> mode.backslashEscapesInSingleQuotes();
            case '"' -> mode.backslashEscapesInDoubleQuotes();
            default -> false;
        };
    }

    /** The unsigned byte at {@code index}, or -1 at or past the limit. */
    private int at(int index) {
        return index < limit ? sql.getUnsignedByte(index) : -1;
    }

    private TokenType token(TokenType kind, int tokenEnd) {
        type = kind;
        end = tokenEnd;
        position = tokenEnd;
        return kind;
    }

    /** Ends lexing: an ERROR token from the current position to the limit. */
    private TokenType fail() {
        failed = true;
        start = position;
        type = TokenType.ERROR;
        end = limit;
        position = limit;
        return type;
    }

    private static int asciiUpperCase(int c) {
        return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordByte(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_' || c == '$' || c >= 0x80;
    }
}
