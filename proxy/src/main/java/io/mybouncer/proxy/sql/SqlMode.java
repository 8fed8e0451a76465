package io.mybouncer.proxy.sql;

/**
 * The two sql_mode flags that change how SQL text is lexed. NO_BACKSLASH_ESCAPES: a backslash in a
 * string literal is an ordinary character. ANSI_QUOTES: {@code ".."} quotes an identifier, and a
 * backslash in it is an ordinary character too ({@code "a\"} is the identifier {@code a\}, checked on
 * MariaDB 10.11).
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/sql-mode.html">Server SQL Modes</a>
 */
public record SqlMode(boolean noBackslashEscapes, boolean ansiQuotes) {
    /** Neither flag, as in the servers' default sql_mode. */
    public static final SqlMode DEFAULT = new SqlMode(false, false);

    /**
     * The flags in a value of {@code @@sql_mode} as the server reports it (what the system-variable
     * tracker sends): a comma-separated list in which composite modes such as ANSI or ORACLE are
     * already expanded into the flags they include (MariaDB 10.11 reports
     * {@code REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ANSI} after {@code SET sql_mode='ANSI'}).
     */
    public static SqlMode parse(String sqlMode) {
        boolean noBackslashEscapes = false;
        boolean ansiQuotes = false;
        for (String flag : sqlMode.split(",")) {
            noBackslashEscapes |= flag.trim().equalsIgnoreCase("NO_BACKSLASH_ESCAPES");
            ansiQuotes |= flag.trim().equalsIgnoreCase("ANSI_QUOTES");
        }
        return new SqlMode(noBackslashEscapes, ansiQuotes);
    }

    /** Whether a backslash escapes the next byte in {@code '..'}. */
    boolean backslashEscapesInSingleQuotes() {
        return !noBackslashEscapes;
    }

    /** Whether a backslash escapes the next byte in {@code ".."}: only where that is a string. */
    boolean backslashEscapesInDoubleQuotes() {
        return !noBackslashEscapes && !ansiQuotes;
    }
}
