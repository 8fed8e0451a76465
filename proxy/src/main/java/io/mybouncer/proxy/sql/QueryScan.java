package io.mybouncer.proxy.sql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One pass over a query for {@link StatementClassifier} or {@link SessionObjectNames}: the lexer, the
 * effects found so far, the parenthesis depth, and the rules that hold for a token wherever it stands
 * ({@link #advance()}): calls of session-state functions, {@code @v :=}, {@code INTO @v},
 * SQL_CALC_FOUND_ROWS and reads of {@code @@last_insert_id} and friends. Statement rules look at the
 * current token through the accessors and move on with {@code advance}. Reused for every query of its owner; it refers to a
 * query's buffer only between {@link #start} and {@link #finish}.
 */
final class QueryScan {
    private final SqlLexer lexer = new SqlLexer();

    // All reset by start(); advance() moves them on by one token.
    /** The {@link Effect#bit()}s found so far. */
    private int effects;
    /** Open parentheses at the current token. */
    private int depth;
    /** The current WORD's keyword; OTHER for other tokens. */
    private Keyword keyword = Keyword.OTHER;
    private Keyword previousKeyword = Keyword.OTHER;
    private TokenType previousType = TokenType.END;
    /** The session-state function the current token names, if a {@code (} after it would call it. */
    private Keyword callee = Keyword.OTHER;
    /** The current token is the first after {@code LAST_INSERT_ID(}: {@code )} reads, anything else writes. */
    private boolean lastInsertIdArguments;
    /** Off while a stored program's body goes by: it runs later, if ever, and not as this text. */
    private boolean expressionRules;
    /** Set by {@link #advanceToAssignmentTarget()} for one token: a SET target is written, not read. */
    private boolean assignmentTarget;
    /** A statement changed sql_mode or the client character set: later statements lex differently. */
    private boolean lexingChanged;

    /** Starts a pass over {@code sql} (see {@link SqlLexer#reset}) and moves to its first token. */
    void start(ByteBuf sql, SqlMode mode) {
        lexer.reset(sql, mode);
        effects = 0;
        lexingChanged = false;
        depth = 0;
        keyword = Keyword.OTHER;
        callee = Keyword.OTHER;
        lastInsertIdArguments = false;
        expressionRules = true;
        assignmentTarget = false;
        advance();
    }

    /** The effects found so far. */
    StatementEffects effects() {
        return StatementEffects.ofBits(effects);
    }

    /** Ends the pass: lets go of the buffer. */
    void finish() {
        lexer.reset(Unpooled.EMPTY_BUFFER, SqlMode.DEFAULT);
    }

    /** Moves to the next token and applies the expression rules to it. */
    TokenType advance() {
        previousType = lexer.type();
        previousKeyword = keyword;
        Keyword previousCallee = callee;
        boolean afterDot = lexer.isPunctuation('.');
        TokenType type = lexer.next();
        keyword = lexer.keyword();
        callee = callee(type == TokenType.WORD ? keyword : lexer.quotedKeyword(), afterDot);
        if (lexer.isPunctuation('(')) {
            depth++;
        } else if (lexer.isPunctuation(')')) {
            depth--;
        } else if (type == TokenType.ERROR) {
            add(Effect.UNKNOWN);
        }
        if (expressionRules) {
            applyExpressionRules(type, previousCallee);
        }
        assignmentTarget = false;
        return type;
    }

    /** Like {@link #advance()}, for a token that may be the variable a SET item assigns. */
    TokenType advanceToAssignmentTarget() {
        assignmentTarget = true;
        return advance();
    }

    /** Advances to the end of the current statement. */
    void skipStatement() {
        while (!atStatementEnd()) {
            advance();
        }
    }

    /**
     * At DEFINER: skips {@code DEFINER = user}, the user as {@code name}, {@code 'name'@'host'} or
     * {@code CURRENT_USER[()]}.
     */
    void skipDefiner() {
        advance();
        if (isPunctuation('=')) {
            advance();
        }
        advance();
        if (type() == TokenType.USER_VARIABLE) {
            advance();
        } else if (isPunctuation('@')) {
            advance();
            advance();
        } else if (isPunctuation('(')) {
            advance();
            advance();
        }
    }

    /**
     * Advances to the end of the text with the expression rules off, for a stored program definition
     * whose body may hold {@code ;}. True when a statement separator was followed by more text: where
     * the definition ends is then unknown, and so is what follows it.
     */
    boolean skipStoredProgram() {
        expressionRules = false;
        boolean moreStatements = false;
        while (type() != TokenType.END && type() != TokenType.ERROR) {
            boolean separator = type() == TokenType.SEMICOLON;
            advance();
            moreStatements |= separator && type() != TokenType.END;
        }
        return moreStatements;
    }

    private void applyExpressionRules(TokenType type, Keyword previousCallee) {
        if (lastInsertIdArguments) {
            add(lexer.isPunctuation(')') ? Effect.READS_LAST_INSERT_ID : Effect.LAST_INSERT_ID_WRITE);
            lastInsertIdArguments = false;
        }
        if (lexer.isPunctuation('(')) {
            call(previousCallee);
        }
        switch (type) {
            case WORD -> {
                if (keyword == Keyword.SQL_CALC_FOUND_ROWS) {
                    add(Effect.FOUND_ROWS_CALC);
                }
            }
            case ASSIGN -> {
                if (previousType == TokenType.USER_VARIABLE) {
                    add(Effect.USER_VARIABLE_WRITE);
                }
            }
            case USER_VARIABLE -> {
                if (previousKeyword == Keyword.INTO) {
                    add(Effect.USER_VARIABLE_WRITE);
                }
            }
            case SYSTEM_VARIABLE -> {
                if (!assignmentTarget) {
                    systemVariableRead(lexer.systemVariableName());
                }
            }
            default -> { }
        }
    }

    /**
     * {@code name} if it is a session-state function and a {@code (} after it would call it. MySQL
     * resolves a quoted name followed by {@code (} to the built-in function too (checked on MariaDB
     * 10.11: {@code `get_lock`('a', 1)} takes the lock), and so does a name after spaces (IGNORE_SPACE),
     * so both count. After INTO, TABLE, REFERENCES or {@code IF [NOT] EXISTS} the name is a table's,
     * as in {@code INSERT INTO get_lock (a) ..} and {@code CREATE TABLE IF NOT EXISTS get_lock (a INT)};
     * after a dot it is qualified ({@code db.get_lock(..)} calls a stored function,
     * {@code db.get_lock (a INT)} names a table).
     */
    private Keyword callee(Keyword name, boolean afterDot) {
        boolean function = switch (name) {
            case FOUND_ROWS, ROW_COUNT, LAST_INSERT_ID, GET_LOCK, RELEASE_LOCK, RELEASE_ALL_LOCKS -> true;
            default -> false;
        };
        if (!function || afterDot) {
            return Keyword.OTHER;
        }
        boolean tableName = switch (previousKeyword) {
            case INTO, TABLE, REFERENCES, EXISTS -> true;
            default -> false;
        };
        return tableName ? Keyword.OTHER : name;
    }

    private void call(Keyword function) {
        switch (function) {
            case FOUND_ROWS -> add(Effect.READS_FOUND_ROWS);
            case ROW_COUNT -> add(Effect.READS_ROW_COUNT);
            case GET_LOCK -> add(Effect.NAMED_LOCK_ACQUIRE);
            case RELEASE_LOCK -> add(Effect.NAMED_LOCK_RELEASE);
            case RELEASE_ALL_LOCKS -> add(Effect.NAMED_LOCK_RELEASE_ALL);
            case LAST_INSERT_ID -> lastInsertIdArguments = true;
            default -> { }
        }
    }

    private void systemVariableRead(Keyword name) {
        switch (name) {
            case LAST_INSERT_ID, IDENTITY -> add(Effect.READS_LAST_INSERT_ID);
            case WARNING_COUNT, ERROR_COUNT -> add(Effect.READS_DIAGNOSTICS);
            default -> { }
        }
    }

    /**
     * Notes that the current statement changes how text is lexed (sql_mode, the client character set).
     * The server lexes each statement of a multi-statement query under the settings the ones before it
     * left, which this pass does not follow.
     */
    void lexingChanges() {
        lexingChanged = true;
    }

    boolean lexingChanged() {
        return lexingChanged;
    }

    void add(Effect effect) {
        effects |= effect.bit();
    }

    TokenType type() {
        return lexer.type();
    }

    /** The current WORD's keyword; OTHER for other tokens. */
    Keyword keyword() {
        return keyword;
    }

    /** The keyword between the quotes of the current quoted identifier or {@code ".."} token, else OTHER. */
    Keyword quotedKeyword() {
        return lexer.quotedKeyword();
    }

    /**
     * The session-state function the current token names when a {@code (} after it would call it
     * (LAST_INSERT_ID, GET_LOCK, ...), else OTHER: what {@link #advance()} goes by to find calls.
     */
    Keyword callee() {
        return callee;
    }

    /** Absolute index of the current token's first byte in the query's buffer. */
    int tokenStart() {
        return lexer.start();
    }

    /** Absolute index just past the current token. */
    int tokenEnd() {
        return lexer.end();
    }

    /** Whether the current token's text is {@code text}, ignoring ASCII letter case. */
    boolean spells(String text) {
        return lexer.spells(text);
    }

    Keyword previousKeyword() {
        return previousKeyword;
    }

    TokenType previousType() {
        return previousType;
    }

    boolean isPunctuation(char c) {
        return lexer.isPunctuation(c);
    }

    /** Open parentheses at the current token. */
    int depth() {
        return depth;
    }

    /** For a SYSTEM_VARIABLE: see {@link SqlLexer#systemVariableQualifier()}. */
    Keyword systemVariableQualifier() {
        return lexer.systemVariableQualifier();
    }

    /** For a SYSTEM_VARIABLE: see {@link SqlLexer#systemVariableName()}. */
    Keyword systemVariableName() {
        return lexer.systemVariableName();
    }

    /** On {@code ;}, at the end, or where the lexer gave up. */
    boolean atStatementEnd() {
        TokenType type = lexer.type();
        return type == TokenType.SEMICOLON || type == TokenType.END || type == TokenType.ERROR;
    }
}
