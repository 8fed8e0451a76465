package io.mybouncer.proxy.sql;

import io.netty.buffer.ByteBuf;

/**
 * Tells what a COM_QUERY does to session state that the backend's session trackers may not report:
 * the {@link Effect}s of all its statements together. Keywords inside strings, comments and quoted
 * identifiers do not count; keywords inside executable comments do (see {@link SqlLexer}).
 *
 * <p>Two kinds of rules. Statement rules look at how a statement begins ({@code SET}, {@code USE},
 * {@code LOCK TABLES}, {@code CREATE TEMPORARY}, ...), after {@code ;} too. Expression rules hold
 * anywhere ({@code GET_LOCK(}, {@code @v :=}, {@code INTO @v}, ...), so a subquery, a CTE or an
 * unusual statement cannot hide them. Where the text could mean either, the classifier reports the
 * effect: a pin too many costs a backend for a while, a pin too few shows one client another's state.
 *
 * <p>Cost: one forward pass, O(n) in the length of the text, no backtracking. The lexer reads each
 * byte a small constant number of times (string and comment bodies through Netty's bulk
 * {@code indexOf}/{@code forEachByte}), each word is compared against the few keywords sharing its
 * first letter, and nothing is allocated: the lexer and pass state live in this object and the result
 * is a shared instance unless a query has two or more effects. Not thread-safe: keep one per event loop or per client session, which also keeps the
 * reuse free of locks.
 */
public final class StatementClassifier {
    private final QueryScan scan = new QueryScan();

    /**
     * The effects of the SQL text from the reader index to the writer index of {@code sql} (the
     * command byte and any query attributes already skipped: see
     * {@code io.mybouncer.protocol.command.ComQuery#querySlice}). Neither index nor the reference count
     * of {@code sql} changes. The text must be in an ASCII-compatible character set (see
     * {@link SqlLexer}).
     *
     * @param mode the session's sql_mode flags for quotes, from its tracked sql_mode
     */
    public StatementEffects classify(ByteBuf sql, SqlMode mode) {
        scan.start(sql, mode);
        try {
            while (scan.type() != TokenType.END && scan.type() != TokenType.ERROR) {
                statement();
                if (scan.type() == TokenType.SEMICOLON) {
                    scan.advance();
                    if (scan.lexingChanged() && scan.type() != TokenType.END) {
                        // What follows is lexed under a sql_mode or character set this pass does not know.
                        scan.add(Effect.UNKNOWN);
                    }
                }
            }
            return scan.effects();
        } finally {
            scan.finish();
        }
    }

    /**
     * Classifies the statement that begins at the current token and advances to its end. Loops only
     * for {@code SET STATEMENT .. FOR <statement>}, whose inner statement is classified in turn.
     */
    private void statement() {
        while (true) {
            Keyword first = scan.keyword();
            switch (first) {
                case SET -> {
                    if (SetStatement.classify(scan)) {
                        continue;
                    }
                }
                case USE -> scan.add(Effect.SCHEMA_CHANGE);
                case BEGIN -> begin();
                case COMMIT, ROLLBACK -> commitOrRollback();
                case SAVEPOINT -> scan.add(Effect.TRANSACTION_CONTROL);
                case START -> startTransaction();
                case RELEASE -> releaseSavepoint();
                case XA -> xa();
                case LOCK -> tables(Effect.LOCK_TABLES);
                case UNLOCK -> tables(Effect.UNLOCK_TABLES);
                case FLUSH -> flush();
                case CREATE, ALTER -> createOrAlter(first == Keyword.CREATE);
                case DROP -> drop();
                case PREPARE -> scan.add(Effect.SQL_PREPARE);
                case DEALLOCATE -> scan.add(Effect.SQL_DEALLOCATE);
                case EXECUTE -> execute();
                case HANDLER -> handler();
                case CALL -> scan.add(Effect.CALL);
                case SHOW -> show();
                case GET -> getDiagnostics();
                case LOAD -> load();
                // MariaDB runs compound statements outside stored programs; their bodies are not modelled.
                case IF, CASE, LOOP, REPEAT, WHILE, FOR, BACKUP -> scan.add(Effect.UNKNOWN);
                default -> label();
            }
            scan.skipStatement();
            return;
        }
    }

    /**
     * {@code BEGIN [WORK]} starts a transaction; MariaDB's {@code BEGIN NOT ATOMIC} and a label named
     * begin ({@code begin: LOOP ..}) start a compound statement.
     */
    private void begin() {
        scan.advance();
        if (scan.keyword() == Keyword.NOT || scan.isPunctuation(':')) {
            scan.add(Effect.UNKNOWN);
        } else {
            scan.add(Effect.TRANSACTION_CONTROL);
            scan.add(Effect.TRANSACTION_START);
        }
    }

    /** {@code START TRANSACTION [characteristics]}, not START SLAVE or START REPLICA. */
    private void startTransaction() {
        scan.advance();
        if (scan.keyword() == Keyword.TRANSACTION) {
            scan.add(Effect.TRANSACTION_CONTROL);
            scan.add(Effect.TRANSACTION_START);
        }
    }

    /** {@code RELEASE SAVEPOINT s}. */
    private void releaseSavepoint() {
        scan.advance();
        if (scan.keyword() == Keyword.SAVEPOINT) {
            scan.add(Effect.TRANSACTION_CONTROL);
        }
    }

    /**
     * {@code COMMIT|ROLLBACK [WORK] [TO [SAVEPOINT] s] [AND [NO] CHAIN] [[NO] RELEASE]}: AND CHAIN starts
     * the next transaction at once.
     */
    private void commitOrRollback() {
        scan.add(Effect.TRANSACTION_CONTROL);
        while (!scan.atStatementEnd()) {
            scan.advance();
            if (scan.keyword() == Keyword.CHAIN && scan.previousKeyword() == Keyword.AND) {
                scan.add(Effect.TRANSACTION_START);
            }
        }
    }

    /** {@code XA START|BEGIN xid} starts an XA transaction; every XA statement belongs to the session. */
    private void xa() {
        scan.add(Effect.XA);
        scan.advance();
        if (scan.keyword() == Keyword.START || scan.keyword() == Keyword.BEGIN) {
            scan.add(Effect.TRANSACTION_START);
        }
    }

    /**
     * {@code LOCK TABLE(S)} and {@code UNLOCK TABLE(S)}. Other locks the session would hold (MySQL's
     * {@code LOCK INSTANCE FOR BACKUP}) are not modelled.
     */
    private void tables(Effect effect) {
        scan.advance();
        Keyword what = scan.keyword();
        scan.add(what == Keyword.TABLE || what == Keyword.TABLES ? effect : Effect.UNKNOWN);
    }

    /** {@code FLUSH [LOCAL] TABLE(S) [t, ..] WITH READ LOCK} or {@code .. FOR EXPORT}. */
    private void flush() {
        while (!scan.atStatementEnd()) {
            scan.advance();
            Keyword keyword = scan.keyword();
            Keyword previous = scan.previousKeyword();
            if (keyword == Keyword.LOCK && previous == Keyword.READ
                    || keyword == Keyword.EXPORT && previous == Keyword.FOR) {
                scan.add(Effect.GLOBAL_READ_LOCK);
            }
        }
    }

    /**
     * {@code CREATE [OR REPLACE] [DEFINER = user] [AGGREGATE]} and then TEMPORARY, or a stored program
     * (PROCEDURE, FUNCTION, TRIGGER, EVENT, PACKAGE) whose body runs later, not now: its body is
     * skipped. ALTER EVENT can carry a body too.
     */
    private void createOrAlter(boolean create) {
        scan.advance();
        while (true) {
            switch (scan.keyword()) {
                case OR, REPLACE, AGGREGATE -> scan.advance();
                case DEFINER -> scan.skipDefiner();
                case TEMPORARY -> {
                    if (create) {
                        scan.add(Effect.TEMPORARY_TABLE_CREATE);
                    }
                    return;
                }
                case PROCEDURE, FUNCTION, TRIGGER, EVENT, PACKAGE -> {
                    if (scan.skipStoredProgram()) {
                        scan.add(Effect.UNKNOWN);
                    }
                    return;
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** {@code DROP TEMPORARY TABLE}, {@code DROP PREPARE}. */
    private void drop() {
        scan.advance();
        switch (scan.keyword()) {
            case TEMPORARY -> scan.add(Effect.TEMPORARY_TABLE_DROP);
            case PREPARE -> scan.add(Effect.SQL_DEALLOCATE);
            default -> { }
        }
    }

    /** {@code EXECUTE s [USING ..]} needs a prepared statement; MariaDB's EXECUTE IMMEDIATE does not. */
    private void execute() {
        scan.advance();
        scan.add(scan.keyword() == Keyword.IMMEDIATE ? Effect.SQL_EXECUTE_IMMEDIATE : Effect.SQL_EXECUTE);
    }

    /** {@code HANDLER [db.]t OPEN|READ|CLOSE ..}: the table name first, whatever it spells. */
    private void handler() {
        scan.advance();
        scan.advance();
        if (scan.isPunctuation('.')) {
            scan.advance();
            scan.advance();
        }
        switch (scan.keyword()) {
            case OPEN -> scan.add(Effect.HANDLER_OPEN);
            case CLOSE -> scan.add(Effect.HANDLER_CLOSE);
            default -> { }
        }
    }

    /** {@code SHOW WARNINGS}, {@code SHOW ERRORS}, {@code SHOW COUNT(*) WARNINGS|ERRORS}. */
    private void show() {
        scan.advance();
        if (scan.keyword() == Keyword.COUNT) {
            while (!scan.atStatementEnd() && !scan.isPunctuation(')')) {
                scan.advance();
            }
            scan.advance();
        }
        if (scan.keyword() == Keyword.WARNINGS || scan.keyword() == Keyword.ERRORS) {
            scan.add(Effect.READS_DIAGNOSTICS);
        }
    }

    /** {@code GET [CURRENT | STACKED] DIAGNOSTICS target = item, ..}: its targets can be user variables. */
    private void getDiagnostics() {
        scan.advance();
        if (scan.keyword() != Keyword.DIAGNOSTICS) {
            scan.advance();
        }
        if (scan.keyword() != Keyword.DIAGNOSTICS) {
            return;
        }
        scan.add(Effect.READS_DIAGNOSTICS);
        while (!scan.atStatementEnd()) {
            scan.advance();
            if (scan.isPunctuation('=') && scan.previousType() == TokenType.USER_VARIABLE) {
                scan.add(Effect.USER_VARIABLE_WRITE);
            }
        }
    }

    /** {@code LOAD DATA|XML .. (col, @v) SET col = @v} assigns every user variable it names. */
    private void load() {
        while (!scan.atStatementEnd()) {
            scan.advance();
            if (scan.type() == TokenType.USER_VARIABLE) {
                scan.add(Effect.USER_VARIABLE_WRITE);
            }
        }
    }

    /** A label ({@code name: BEGIN ..}) starts a MariaDB compound statement outside a stored program. */
    private void label() {
        TokenType type = scan.type();
        if (type == TokenType.WORD || type == TokenType.QUOTED_IDENTIFIER) {
            scan.advance();
            if (scan.isPunctuation(':')) {
                scan.add(Effect.UNKNOWN);
            }
        }
    }
}
