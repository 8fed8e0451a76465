package io.mybouncer.proxy.statements;

import java.util.Objects;

/**
 * What the server fixes when it prepares a statement, besides the text: a statement prepared under
 * one context must not be executed for a client whose statement was prepared under another, even
 * when the SQL bytes are equal. Part of {@link StatementText}, so per-backend caches key on it.
 *
 * <ul>
 *   <li>The default database: unqualified names resolve against the one current at prepare time for
 *       the statement's whole life. Checked on MariaDB 10.11: PREPARE s FROM 'SELECT v FROM t' in
 *       db1, then USE db2, then EXECUTE s reads db1.t. MySQL keeps it too (Prepared_statement::m_db).
 *       Two clients of one pool in different databases often prepare the same text.</li>
 *   <li>sql_mode: it changes how the text parses (ANSI_QUOTES makes {@code "a"} a name, not a
 *       string; PIPES_AS_CONCAT, NO_BACKSLASH_ESCAPES). Checked the same way: a statement prepared
 *       without ANSI_QUOTES still returns the string after SET sql_mode = 'ANSI_QUOTES'.</li>
 *   <li>The client character set and collation: how the text's bytes and literals are read.</li>
 * </ul>
 *
 * <p>A backend that lacks the statement must be brought to this context before the transparent
 * prepare (and back to the client's current state before the execute, if that differs).
 *
 * @param schema the default database at prepare time, {@code ""} when none was selected
 * @param sqlMode the session's sql_mode at prepare time, as the session tracks it
 * @param characterSet the client character set and collation at prepare time, as the session tracks
 *     them (for example {@code "utf8mb4/utf8mb4_general_ci"})
 */
public record PrepareContext(String schema, String sqlMode, String characterSet) {
    public PrepareContext {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(sqlMode, "sqlMode");
        Objects.requireNonNull(characterSet, "characterSet");
    }
}
