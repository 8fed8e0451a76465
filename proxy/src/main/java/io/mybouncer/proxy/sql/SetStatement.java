package io.mybouncer.proxy.sql;

import java.util.function.Predicate;

/**
 * The effects of a SET statement, item by item, as in {@code SET @v = 1, SESSION sql_mode = '',
 * NAMES utf8mb4}. A scope keyword (GLOBAL, PERSIST, PERSIST_ONLY, SESSION, LOCAL) holds for the items
 * after it until the next one, as the MySQL manual says and MariaDB 10.11 does
 * ({@code SET GLOBAL a = 1, b = 2} sets both globally). An {@code @@x} item has its own scope: the one
 * it writes, else the session.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/set-variable.html">SET Syntax for Variable Assignment</a>
 * @see <a href="https://dev.mysql.com/doc/refman/8.4/en/set-transaction.html">SET TRANSACTION</a>
 * @see <a href="https://mariadb.com/kb/en/set-statement/">MariaDB SET STATEMENT</a>
 */
final class SetStatement {
    /** The scope an item assigns in; UNSPECIFIED where nothing was written. */
    private enum Scope { UNSPECIFIED, SESSION, GLOBAL }

    /** A value that leaves autocommit on: 1, ON, TRUE, 'ON'. */
    private static final Predicate<QueryScan> AUTOCOMMIT_ON = scan -> switch (scan.type()) {
        case NUMBER -> scan.spells("1");
        case WORD -> scan.keyword() == Keyword.ON || scan.keyword() == Keyword.TRUE;
        case STRING -> scan.spells("'ON'");
        default -> false;
    };
    /** A completion_type that leaves COMMIT and ROLLBACK as they are: 0, NO_CHAIN, 'NO_CHAIN'. */
    private static final Predicate<QueryScan> NO_CHAIN = scan -> switch (scan.type()) {
        case NUMBER -> scan.spells("0");
        case WORD -> scan.keyword() == Keyword.NO_CHAIN;
        case STRING -> scan.spells("'NO_CHAIN'");
        default -> false;
    };

    private SetStatement() {
    }

    /**
     * At SET: classifies the statement and advances to its end, or, for MariaDB's
     * {@code SET STATEMENT x = 1 FOR <statement>}, to the first token of that statement and returns
     * true: the assignments last for that statement only, and it is classified like any other.
     */
    static boolean classify(QueryScan scan) {
        int depth = scan.depth();
        scan.advanceToAssignmentTarget();
        switch (scan.keyword()) {
            case STATEMENT -> {
                return toStatementAfterFor(scan, depth);
            }
            // The account's password and default roles: stored with the account, not in the session.
            case PASSWORD, DEFAULT -> {
                return false;
            }
            // The session's active roles and resource group: neither tracked nor replayable.
            case ROLE, RESOURCE -> {
                scan.add(Effect.UNKNOWN);
                return false;
            }
            default -> { }
        }
        Scope scope = Scope.UNSPECIFIED;
        while (true) {
            scope = item(scan, scope);
            while (!scan.atStatementEnd() && !(scan.isPunctuation(',') && scan.depth() == depth)) {
                scan.advance();
            }
            if (!scan.isPunctuation(',')) {
                return false;
            }
            scan.advanceToAssignmentTarget();
        }
    }

    private static boolean toStatementAfterFor(QueryScan scan, int depth) {
        while (!scan.atStatementEnd()) {
            scan.advance();
            if (scan.keyword() == Keyword.FOR && scan.depth() == depth) {
                scan.advance();
                return true;
            }
        }
        return false;
    }

    /** Classifies the item at the current token; returns the scope for the items after it. */
    private static Scope item(QueryScan scan, Scope carried) {
        Scope scope = carried;
        Scope written = scopeOf(scan.keyword());
        if (written != Scope.UNSPECIFIED) {
            scope = written;
            scan.advanceToAssignmentTarget();
        }
        switch (scan.type()) {
            case USER_VARIABLE -> scan.add(Effect.USER_VARIABLE_WRITE);
            case SYSTEM_VARIABLE -> {
                Scope own = scopeOf(scan.systemVariableQualifier());
                systemVariable(scan, scan.systemVariableName(), own, own == Scope.UNSPECIFIED);
            }
            case WORD -> word(scan, scope);
            case QUOTED_IDENTIFIER, DOUBLE_QUOTED -> systemVariable(scan, scan.quotedKeyword(), scope, false);
            default -> { }
        }
        return scope;
    }

    private static void word(QueryScan scan, Scope scope) {
        switch (scan.keyword()) {
            case TRANSACTION -> {
                transaction(scan, scope);
                // Its characteristics are a comma list too: none of them is another item.
                scan.skipStatement();
            }
            case NAMES, CHARSET, CHARACTER -> {
                scan.add(Effect.CHARSET_SET);
                scan.lexingChanges();
            }
            default -> systemVariable(scan, scan.keyword(), scope, false);
        }
    }

    /**
     * {@code SET [GLOBAL | SESSION] TRANSACTION ..}: without a scope, for the next transaction only.
     */
    private static void transaction(QueryScan scan, Scope scope) {
        switch (scope) {
            case UNSPECIFIED -> scan.add(Effect.NEXT_TRANSACTION_CHARACTERISTICS_SET);
            case SESSION -> {
                scan.add(Effect.SESSION_TRANSACTION_CHARACTERISTICS_SET);
                scan.add(Effect.SESSION_VARIABLE_SET);
            }
            case GLOBAL -> { }
            default -> throw new IllegalStateException("bad scope: " + scope);
        }
    }

    /**
     * An assignment of the system variable {@code name} ({@code OTHER} when it is none the classifier
     * knows). {@code atAtWithoutScope}: written {@code @@x}, which for the transaction characteristics
     * means the next transaction only (the MySQL manual's table of SET forms; MariaDB 10.11 leaves
     * {@code @@session.tx_isolation} alone after {@code SET @@tx_isolation}).
     */
    private static void systemVariable(QueryScan scan, Keyword name, Scope scope, boolean atAtWithoutScope) {
        if (scope == Scope.GLOBAL) {
            return;
        }
        boolean characteristic = switch (name) {
            case TRANSACTION_ISOLATION, TX_ISOLATION, TRANSACTION_READ_ONLY, TX_READ_ONLY -> true;
            default -> false;
        };
        if (characteristic && atAtWithoutScope) {
            scan.add(Effect.NEXT_TRANSACTION_CHARACTERISTICS_SET);
            return;
        }
        scan.add(Effect.SESSION_VARIABLE_SET);
        if (name == Keyword.SQL_MODE || name == Keyword.CHARACTER_SET_CLIENT) {
            scan.lexingChanges();
        } else if (characteristic) {
            scan.add(Effect.SESSION_TRANSACTION_CHARACTERISTICS_SET);
        } else if (name == Keyword.AUTOCOMMIT) {
            scan.add(Effect.TRANSACTION_CONTROL);
            if (!assignsOnly(scan, AUTOCOMMIT_ON)) {
                scan.add(Effect.TRANSACTION_START);
            }
        } else if (name == Keyword.COMPLETION_TYPE) {
            if (!assignsOnly(scan, NO_CHAIN)) {
                scan.add(Effect.TRANSACTION_START);
            }
        } else if (name == Keyword.LAST_INSERT_ID || name == Keyword.IDENTITY) {
            scan.add(Effect.LAST_INSERT_ID_WRITE);
        } else if (tracker(name)) {
            scan.add(Effect.SESSION_TRACKING_SET);
        }
    }

    private static boolean tracker(Keyword name) {
        return switch (name) {
            case SESSION_TRACK_GTIDS, SESSION_TRACK_SCHEMA, SESSION_TRACK_STATE_CHANGE, SESSION_TRACK_SYSTEM_VARIABLES,
                    SESSION_TRACK_TRANSACTION_INFO -> true;
            default -> false;
        };
    }

    /**
     * At an item's variable: whether {@code = value} or {@code := value} assigns one literal that
     * {@code accepted} takes, with nothing else in the item. Any other value, an expression or DEFAULT
     * included, is false: when in doubt, the value is one that starts a transaction. Advances past what
     * it reads; the caller goes on to the item's end from there.
     */
    private static boolean assignsOnly(QueryScan scan, Predicate<QueryScan> accepted) {
        scan.advance();
        if (!scan.isPunctuation('=') && scan.type() != TokenType.ASSIGN) {
            return false;
        }
        scan.advance();
        if (!accepted.test(scan)) {
            return false;
        }
        scan.advance();
        return scan.atStatementEnd() || scan.isPunctuation(',');
    }

    private static Scope scopeOf(Keyword keyword) {
        return switch (keyword) {
            case GLOBAL, PERSIST, PERSIST_ONLY -> Scope.GLOBAL;
            case SESSION, LOCAL -> Scope.SESSION;
            default -> Scope.UNSPECIFIED;
        };
    }
}
