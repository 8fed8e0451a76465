package io.mybouncer.proxy.sql;

/** What kind of token {@link SqlLexer} stands on. */
public enum TokenType {
    /** An unquoted identifier or keyword: letters, digits, {@code _}, {@code $} and bytes from 0x80. */
    WORD,
    /** A backtick-quoted identifier, quotes included. */
    QUOTED_IDENTIFIER,
    /**
     * A string literal in single quotes, quotes included, with any introducer written against it:
     * {@code N'..'}, {@code X'..'}, {@code B'..'}, {@code _utf8mb4'..'} (also {@code _utf8mb4".."}).
     */
    STRING,
    /**
     * {@code ".."}, quotes included: a string literal, or an identifier under sql_mode ANSI_QUOTES.
     * The lexer cannot tell which, so readers of tokens treat it as either where it matters.
     */
    DOUBLE_QUOTED,
    /** A number, or an identifier that starts with a digit ({@code 1e5}, {@code 0x1F}, {@code 12abc}). */
    NUMBER,
    /** {@code @name}, {@code @'name'}, {@code @"name"} or {@code @`name`}. */
    USER_VARIABLE,
    /** {@code @@name}, {@code @@session.name}, {@code @@global.name}, ... up to the end of the name. */
    SYSTEM_VARIABLE,
    /** {@code :=}. */
    ASSIGN,
    /** {@code ;}: the end of one statement of a multi-statement query. */
    SEMICOLON,
    /** Any other single byte: parentheses, commas, operators, {@code @} without a name. */
    PUNCTUATION,
    /** The end of the text. */
    END,
    /**
     * The lexer cannot follow the text: an unterminated string, quoted identifier or comment, or an
     * executable comment inside another. Nothing after it is lexed.
     */
    ERROR
}
