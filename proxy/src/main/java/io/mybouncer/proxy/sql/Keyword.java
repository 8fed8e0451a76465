package io.mybouncer.proxy.sql;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The words {@link StatementClassifier} and {@link SessionObjectNames} look for: statement and clause
 * keywords, the functions whose calls touch session state, the system variables that need more than "a
 * variable was set", and the literals some of their values are compared with.
 * Each constant's name is its spelling. Matching is ASCII case-insensitive, as MySQL's is for keywords
 * and function names.
 */
enum Keyword {
    /** Not one of the words below. */
    OTHER,
    AGGREGATE, ALTER, AND, AUTOCOMMIT, BACKUP, BEGIN, CALL, CASE, CHAIN, CHARACTER, CHARACTER_SET_CLIENT, CHARSET,
    CLOSE, COMMIT, COMPLETION_TYPE, COUNT, CREATE, DEALLOCATE, DEFAULT, DEFINER, DIAGNOSTICS, DO, DROP, ERRORS,
    ERROR_COUNT, EVENT, EXECUTE, EXISTS, EXPORT, FLUSH, FOR, FOUND_ROWS, FROM, FUNCTION, GET, GET_LOCK, GLOBAL,
    HANDLER, IDENTITY, IF, IMMEDIATE, INTO, LAST_INSERT_ID, LOAD, LOCAL, LOCK, LOOP, NAMES, NOT, NO_CHAIN, ON, OPEN,
    OR, PACKAGE, PASSWORD, PERSIST, PERSIST_ONLY, PREPARE, PROCEDURE, READ, REFERENCES, RELEASE, RELEASE_ALL_LOCKS,
    RELEASE_LOCK, REPEAT, REPLACE, RESOURCE, ROLE, ROLLBACK, ROW_COUNT, SAVEPOINT, SELECT, SEQUENCE, SESSION, SET,
    SESSION_TRACK_GTIDS, SESSION_TRACK_SCHEMA, SESSION_TRACK_STATE_CHANGE, SESSION_TRACK_SYSTEM_VARIABLES,
    SESSION_TRACK_TRANSACTION_INFO, SHOW, SQL_CALC_FOUND_ROWS, SQL_MODE, START, STATEMENT, TABLE, TABLES, TEMPORARY, TRANSACTION,
    TRANSACTION_ISOLATION, TRANSACTION_READ_ONLY, TRIGGER, TRUE, TX_ISOLATION, TX_READ_ONLY, UNLOCK, USE, WARNINGS,
    WARNING_COUNT, WHILE, XA;

    /** Keywords by first letter, so a lookup compares against a handful of candidates. */
    private static final Keyword[][] BY_FIRST_LETTER = byFirstLetter();
    private static final int MAX_LENGTH = Arrays.stream(values()).mapToInt(k -> k.spelling.length).max().orElseThrow();

    private final byte[] spelling = name().getBytes(StandardCharsets.US_ASCII);

    /**
     * The keyword spelled by {@code buf[start, end)} in any letter case, or {@link #OTHER}. Reads the
     * bytes with absolute indices; neither index of {@code buf} moves.
     */
    static Keyword find(ByteBuf buf, int start, int end) {
        int length = end - start;
        if (length < 2 || length > MAX_LENGTH) {
            return OTHER;
        }
        int first = upperCase(buf.getByte(start));
        if (first < 'A' || first > 'Z') {
            return OTHER;
        }
        for (Keyword keyword : BY_FIRST_LETTER[first - 'A']) {
            if (keyword.spelling.length == length && keyword.spells(buf, start)) {
                return keyword;
            }
        }
        return OTHER;
    }

    private boolean spells(ByteBuf buf, int start) {
        for (int i = 1; i < spelling.length; i++) {
            if (upperCase(buf.getByte(start + i)) != spelling[i]) {
                return false;
            }
        }
        return true;
    }

    /** ASCII upper case; every other byte, those from 0x80 included, is itself. */
    private static int upperCase(byte b) {
        return b >= 'a' && b <= 'z' ? b - ('a' - 'A') : b;
    }

    private static Keyword[][] byFirstLetter() {
        List<List<Keyword>> buckets = new ArrayList<>();
        for (char c = 'A'; c <= 'Z'; c++) {
            buckets.add(new ArrayList<>());
        }
        for (Keyword keyword : values()) {
            if (keyword != OTHER) {
                buckets.get(keyword.spelling[0] - 'A').add(keyword);
            }
        }
        return buckets.stream().map(bucket -> bucket.toArray(Keyword[]::new)).toArray(Keyword[][]::new);
    }
}
