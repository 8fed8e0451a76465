package io.mybouncer.proxy.sql;

import io.mybouncer.proxy.sql.SessionObjectChange.AllNamedLocksReleased;
import io.mybouncer.proxy.sql.SessionObjectChange.NamedLockAcquired;
import io.mybouncer.proxy.sql.SessionObjectChange.NamedLockReleased;
import io.mybouncer.proxy.sql.SessionObjectChange.TemporaryTableCreated;
import io.mybouncer.proxy.sql.SessionObjectChange.TemporaryTableDropped;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * A second pass over a query, run only when {@link StatementClassifier} reported
 * {@link Effect#TEMPORARY_TABLE_CREATE}, {@link Effect#TEMPORARY_TABLE_DROP},
 * {@link Effect#NAMED_LOCK_ACQUIRE}, {@link Effect#NAMED_LOCK_RELEASE} or
 * {@link Effect#NAMED_LOCK_RELEASE_ALL}: it names the temporary tables and named locks, so a caller can
 * keep the set a session holds and lift the pin once it is empty. It lexes as the classifier does
 * (same {@link SqlLexer}, same statement starts, same rule for what calls a function), so strings,
 * comments and executable comments count the same way.
 *
 * <p>Named locks are counted only where the text says exactly what runs: a call whose name argument is
 * one plain string literal ({@code 'x'}, or {@code "x"} without ANSI_QUOTES; no introducer, no
 * expression), in a SELECT, DO or SET that has no FROM and no nested SELECT, so runs each call once. A
 * lock call anywhere else (a FROM clause runs it once per row, a subquery or UNION part may run it any
 * number of times, an UPDATE, DELETE, INSERT, CALL or CREATE .. SELECT too) sets
 * {@link SessionObjectChanges#namedLocksUnknown()}, and the caller keeps the client pinned.
 *
 * <p>What the result cannot say, and the caller must: whether each statement ran (an ERR ends a
 * multi-statement query part way, GET_LOCK can time out, RELEASE_LOCK and DROP can find nothing), so
 * a release or drop means "may be gone now", to be confirmed before sharing the backend; what a
 * stored procedure or stored function did; and the reasons the classifier reported
 * {@link Effect#UNKNOWN} for (which this pass does not repeat, but which pin anyway).
 *
 * <p>Not thread-safe; allocates its result, so run it only for queries with those effects.
 */
public final class SessionObjectNames {
    private final QueryScan scan = new QueryScan();

    // Set by find() for one query.
    private ByteBuf sql = Unpooled.EMPTY_BUFFER;
    private SqlMode mode = SqlMode.DEFAULT;
    private List<SessionObjectChange> changes = new ArrayList<>();
    private boolean temporaryTablesUnknown;
    private boolean namedLocksUnknown;

    // Moved by next() and step() token by token.
    /** What the token before the current one would call with a {@code (} after it. */
    private Keyword previousCallee = Keyword.OTHER;

    // Reset by statement().
    /** Where the current statement's first token starts: a SELECT there is the statement itself. */
    private int statementStart;
    /** Lock function calls in the current statement. */
    private int lockCalls;
    /** The current statement may run an expression more than once: FROM, or a nested SELECT. */
    private boolean repeats;

    /**
     * The temporary-table and named-lock changes of the SQL text from the reader index to the writer
     * index of {@code sql}, read like {@link StatementClassifier#classify}: neither index nor the
     * reference count of {@code sql} changes.
     *
     * @param mode the session's sql_mode flags for quotes
     */
    public SessionObjectChanges find(ByteBuf sql, SqlMode mode) {
        this.sql = sql;
        this.mode = mode;
        changes = new ArrayList<>();
        temporaryTablesUnknown = false;
        namedLocksUnknown = false;
        previousCallee = Keyword.OTHER;
        scan.start(sql, mode);
        try {
            while (scan.type() != TokenType.END && scan.type() != TokenType.ERROR) {
                statement();
                if (scan.type() == TokenType.SEMICOLON) {
                    next();
                }
            }
            if (scan.type() == TokenType.ERROR) {
                // The text could not be followed to its end: a name or call may be cut off or hidden.
                temporaryTablesUnknown = true;
                namedLocksUnknown = true;
            }
            return new SessionObjectChanges(changes, temporaryTablesUnknown, namedLocksUnknown);
        } finally {
            scan.finish();
            this.sql = Unpooled.EMPTY_BUFFER;
        }
    }

    /**
     * Reads the statement at the current token to its end. Loops only for MariaDB's
     * {@code SET STATEMENT x = 1 FOR <statement>}, whose inner statement is read in turn (its
     * assignments run once, so lock calls there count like the inner statement's).
     */
    private void statement() {
        lockCalls = 0;
        repeats = false;
        while (true) {
            statementStart = scan.tokenStart();
            int depth = scan.depth();
            Keyword first = scan.keyword();
            boolean runsOnce = first == Keyword.SELECT || first == Keyword.DO || first == Keyword.SET;
            switch (first) {
                case SET -> {
                    next();
                    if (scan.keyword() == Keyword.STATEMENT && toStatementAfterFor(depth)) {
                        continue;
                    }
                }
                case CREATE, ALTER -> createOrAlter(first == Keyword.CREATE);
                case DROP -> drop();
                default -> { }
            }
            while (!scan.atStatementEnd()) {
                step();
            }
            if (lockCalls > 0 && (!runsOnce || repeats)) {
                namedLocksUnknown = true;
            }
            return;
        }
    }

    /** From STATEMENT to the token after the FOR at {@code depth}; false when the statement ends first. */
    private boolean toStatementAfterFor(int depth) {
        while (!scan.atStatementEnd()) {
            step();
            if (scan.keyword() == Keyword.FOR && scan.depth() == depth) {
                next();
                return true;
            }
        }
        return false;
    }

    /**
     * After CREATE or ALTER, as {@link StatementClassifier} reads it: {@code [OR REPLACE] [DEFINER = u]
     * [AGGREGATE]}, then TEMPORARY, or a stored program whose body is skipped to the end of the text.
     */
    private void createOrAlter(boolean create) {
        next();
        while (true) {
            switch (scan.keyword()) {
                case OR, REPLACE, AGGREGATE -> next();
                case DEFINER -> {
                    scan.skipDefiner();
                    previousCallee = Keyword.OTHER;
                }
                case TEMPORARY -> {
                    if (create) {
                        createTemporary();
                    }
                    return;
                }
                case PROCEDURE, FUNCTION, TRIGGER, EVENT, PACKAGE -> {
                    if (scan.skipStoredProgram()) {
                        // Where the definition ends is unknown, and so is what the text after it does.
                        temporaryTablesUnknown = true;
                        namedLocksUnknown = true;
                    }
                    return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** At TEMPORARY: {@code TABLE|SEQUENCE [IF NOT EXISTS] name}. */
    private void createTemporary() {
        next();
        if (!tableOrSequence()) {
            return;
        }
        if (scan.keyword() == Keyword.IF) {
            next();
            if (scan.keyword() == Keyword.NOT) {
                next();
            }
            if (!existsAfterIf()) {
                return;
            }
        }
        TableName name = tableName();
        if (name == null) {
            temporaryTablesUnknown = true;
        } else {
            changes.add(new TemporaryTableCreated(name));
        }
    }

    /** After DROP: {@code TEMPORARY TABLE|TABLES|SEQUENCE [IF EXISTS] name [, name] ..}. */
    private void drop() {
        next();
        if (scan.keyword() != Keyword.TEMPORARY) {
            return;
        }
        next();
        if (!tableOrSequence()) {
            return;
        }
        if (scan.keyword() == Keyword.IF) {
            next();
            if (!existsAfterIf()) {
                return;
            }
        }
        while (true) {
            TableName name = tableName();
            if (name == null) {
                temporaryTablesUnknown = true;
                return;
            }
            changes.add(new TemporaryTableDropped(name));
            if (!scan.isPunctuation(',')) {
                return;
            }
            next();
        }
    }

    /** Moves past TABLE, TABLES or SEQUENCE; anything else leaves the tables unknown. */
    private boolean tableOrSequence() {
        Keyword what = scan.keyword();
        if (what != Keyword.TABLE && what != Keyword.TABLES && what != Keyword.SEQUENCE) {
            temporaryTablesUnknown = true;
            return false;
        }
        next();
        return true;
    }

    /** Moves past the EXISTS of {@code IF [NOT] EXISTS}; anything else leaves the tables unknown. */
    private boolean existsAfterIf() {
        if (scan.keyword() != Keyword.EXISTS) {
            temporaryTablesUnknown = true;
            return false;
        }
        next();
        return true;
    }

    /**
     * {@code [schema.]name} at the current token, moving past it; {@code null}, without moving, when the
     * current token cannot start a name.
     */
    private TableName tableName() {
        String first = identifierPart();
        if (first == null) {
            return null;
        }
        next();
        if (!scan.isPunctuation('.')) {
            return TableName.of(first);
        }
        next();
        String second = identifierPart();
        if (second == null) {
            return null;
        }
        next();
        return TableName.of(first, second);
    }

    /** The current token as one part of a name, or {@code null} when it is none. */
    private String identifierPart() {
        boolean name = switch (scan.type()) {
            case WORD, NUMBER, QUOTED_IDENTIFIER -> true;
            // Without ANSI_QUOTES ".." is a string, and the server refuses the statement.
            case DOUBLE_QUOTED -> mode.ansiQuotes();
            default -> false;
        };
        return name ? TokenText.identifier(sql, scan.tokenStart(), scan.tokenEnd()) : null;
    }

    /**
     * Applies the rules to the current token and moves on: a {@code (} that calls a lock function is
     * read with its name argument ({@link #lockCall}); FROM and a nested SELECT make the statement one
     * that may repeat.
     */
    private void step() {
        Keyword called = previousCallee;
        if (scan.isPunctuation('(') && (called == Keyword.GET_LOCK || called == Keyword.RELEASE_LOCK
                || called == Keyword.RELEASE_ALL_LOCKS)) {
            lockCall(called);
            return;
        }
        Keyword keyword = scan.keyword();
        if (keyword == Keyword.FROM || keyword == Keyword.SELECT && scan.tokenStart() != statementStart) {
            repeats = true;
        }
        next();
    }

    /**
     * At the {@code (} of a lock function call: records {@code GET_LOCK('x', ..)},
     * {@code RELEASE_LOCK('x')} or {@code RELEASE_ALL_LOCKS()}, or marks the locks unknown. Stops on the
     * first token it has not applied the rules to, for {@link #step()} to take: a nested call in the
     * arguments is still found.
     */
    private void lockCall(Keyword function) {
        lockCalls++;
        next();
        if (function == Keyword.RELEASE_ALL_LOCKS) {
            if (scan.isPunctuation(')')) {
                changes.add(new AllNamedLocksReleased());
                next();
            } else {
                namedLocksUnknown = true;
            }
            return;
        }
        String name = plainStringLiteral();
        if (name == null) {
            namedLocksUnknown = true;
            return;
        }
        next();
        // GET_LOCK(name, timeout), RELEASE_LOCK(name): anything else after the name makes it an expression.
        boolean nameEnds = function == Keyword.GET_LOCK ? scan.isPunctuation(',') : scan.isPunctuation(')');
        if (!nameEnds) {
            namedLocksUnknown = true;
            return;
        }
        changes.add(function == Keyword.GET_LOCK ? new NamedLockAcquired(name) : new NamedLockReleased(name));
        next();
    }

    /** The value of the current token if it is a string literal without introducer, else {@code null}. */
    private String plainStringLiteral() {
        boolean plain = scan.type() == TokenType.STRING && sql.getByte(scan.tokenStart()) == '\''
                || scan.type() == TokenType.DOUBLE_QUOTED && !mode.ansiQuotes();
        return plain ? TokenText.stringLiteral(sql, scan.tokenStart(), scan.tokenEnd(), mode) : null;
    }

    /** Moves to the next token, remembering what the current one would call. */
    private void next() {
        previousCallee = scan.callee();
        scan.advance();
    }
}
