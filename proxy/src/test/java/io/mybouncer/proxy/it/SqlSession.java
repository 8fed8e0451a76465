package io.mybouncer.proxy.it;

/**
 * One client connection of the transaction-mode tests, whichever client library drives it
 * ({@link ClientLibrary}): queries answering one value, inserts reporting their key, server-side
 * prepared statements, transactions and COM_RESET_CONNECTION. One thread drives a session.
 */
interface SqlSession extends AutoCloseable {
    /** The library driving this session, for messages. */
    ClientLibrary library();

    /** A text query (COM_QUERY) answering one row of one column: that value as text, null for NULL. */
    String value(String sql) throws Exception;

    /** A text statement without a result set. */
    void execute(String sql) throws Exception;

    /** An INSERT into a table with an AUTO_INCREMENT key: the key its OK packet reports. */
    long insert(String sql) throws Exception;

    /** COM_STMT_PREPARE: a server-side prepared statement. */
    Prepared prepare(String sql) throws Exception;

    /** Starts a transaction the library's way (BEGIN, START TRANSACTION, or autocommit off). */
    void begin() throws Exception;

    /** Commits what {@link #begin} started, leaving autocommit on. */
    void commit() throws Exception;

    /** Rolls back what {@link #begin} started, leaving autocommit on. */
    void rollback() throws Exception;

    /**
     * COM_RESET_CONNECTION, the library's way: user variables, temporary tables, named locks and
     * prepared statements are gone afterwards, and session variables are the server's defaults again.
     */
    void resetConnection() throws Exception;

    /** {@code SELECT CONNECTION_ID()}: the backend connection the statement ran on. */
    default long connectionId() throws Exception {
        return Long.parseLong(value("SELECT CONNECTION_ID()"));
    }

    @Override
    void close() throws Exception;

    /** A statement prepared on the server; valid until the session is reset or closed. */
    interface Prepared {
        /**
         * COM_STMT_EXECUTE with these parameters (Long, Integer or String), answering one row of one
         * column: that value as text.
         */
        String value(Object... parameters) throws Exception;
    }
}
