package io.mybouncer.proxy.sql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * The text a token of {@link SqlLexer} stands for: an identifier without its quotes, a string
 * literal's value with its escapes resolved. The bytes are decoded as UTF-8, the character set of
 * nearly every client; in another ASCII-compatible set a name with bytes from 0x80 decodes to other
 * characters, but the same bytes always to the same ones.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/string-literals.html">String literals, Table 11.1 Special Character Escape Sequences</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/identifiers.html">Schema object names</a>
 */
final class TokenText {
    private TokenText() {
    }

    /**
     * An identifier token's name: a word or a number-like name as it is; a {@code `..`} or (under
     * ANSI_QUOTES) {@code ".."} identifier without the quotes, a doubled quote read as one.
     */
    static String identifier(ByteBuf sql, int start, int end) {
        byte quote = sql.getByte(start);
        if (quote == '`' || quote == '"') {
            return unquote(sql, start + 1, end - 1, quote, false);
        }
        return sql.toString(start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * The value of a {@code '..'} or (without ANSI_QUOTES) {@code ".."} literal token without an
     * introducer: doubled quotes read as one, and backslash escapes resolved unless NO_BACKSLASH_ESCAPES.
     */
    static String stringLiteral(ByteBuf sql, int start, int end, SqlMode mode) {
        byte quote = sql.getByte(start);
        boolean escapes = quote == '\'' ? mode.backslashEscapesInSingleQuotes() : mode.backslashEscapesInDoubleQuotes();
        return unquote(sql, start + 1, end - 1, quote, escapes);
    }

    /** The bytes between the quotes; the lexer guarantees every quote inside is doubled or escaped. */
    private static String unquote(ByteBuf sql, int from, int to, byte quote, boolean escapes) {
        byte[] out = new byte[to - from];
        int length = 0;
        for (int i = from; i < to; i++) {
            byte b = sql.getByte(i);
            if (b == quote) {
                i++;
                out[length++] = quote;
            } else if (b == '\\' && escapes && i + 1 < to) {
                i++;
                length = escaped(out, length, sql.getByte(i));
            } else {
                out[length++] = b;
            }
        }
        return new String(out, 0, length, StandardCharsets.UTF_8);
    }

    /** Writes what {@code \c} stands for; {@code \%} and {@code \_} keep their backslash (LIKE patterns). */
    private static int escaped(byte[] out, int length, byte c) {
        int next = length;
        switch (c) {
            case '0' -> out[next++] = 0;
            case 'b' -> out[next++] = '\b';
            case 'n' -> out[next++] = '\n';
            case 'r' -> out[next++] = '\r';
            case 't' -> out[next++] = '\t';
            case 'Z' -> out[next++] = 0x1A;
            case '%', '_' -> {
                out[next++] = '\\';
                out[next++] = c;
            }
            default -> out[next++] = c;
        }
        return next;
    }
}
