package io.mybouncer.proxy.it;

import com.mysql.cj.jdbc.JdbcConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A {@link SqlSession} over a JDBC connection of MySQL Connector/J or MariaDB Connector/J. Each
 * text statement gets a new {@link Statement}: Connector/J statements remember the schema current
 * at their creation and switch back to it before executing, which would undo a client's USE.
 */
final class JdbcSqlSession implements SqlSession {
    private final ClientLibrary library;
    private final Connection connection;

    JdbcSqlSession(ClientLibrary library, Connection connection) {
        this.library = library;
        this.connection = connection;
    }

    @Override
    public ClientLibrary library() {
        return library;
    }

    @Override
    public String value(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return single(rows, sql);
        }
    }

    @Override
    public void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
                throw new SQLException(sql + ": a result set where none was expected");
            }
        }
    }

    @Override
    public long insert(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql, Statement.RETURN_GENERATED_KEYS);
            try (ResultSet keys = statement.getGeneratedKeys()) {
                return Long.parseLong(single(keys, sql + " (generated key)"));
            }
        }
    }

    @Override
    public Prepared prepare(String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        return parameters -> {
            for (int i = 0; i < parameters.length; i++) {
                bind(statement, i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return single(rows, sql);
            }
        };
    }

    private static void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value instanceof Long number) {
            statement.setLong(index, number);
        } else if (value instanceof Integer number) {
            statement.setInt(index, number);
        } else if (value instanceof String text) {
            statement.setString(index, text);
        } else {
            throw new IllegalArgumentException("parameter " + index + ": " + value
                    + " (expected: Long, Integer or String)");
        }
    }

    /** MySQL Connector/J by the JDBC API (autocommit off), MariaDB Connector/J by SQL. */
    @Override
    public void begin() throws SQLException {
        if (library == ClientLibrary.MYSQL_CONNECTOR_J) {
            connection.setAutoCommit(false);
        } else {
            execute("START TRANSACTION");
        }
    }

    @Override
    public void commit() throws SQLException {
        if (library == ClientLibrary.MYSQL_CONNECTOR_J) {
            connection.commit();
            connection.setAutoCommit(true);
        } else {
            execute("COMMIT");
        }
    }

    @Override
    public void rollback() throws SQLException {
        if (library == ClientLibrary.MYSQL_CONNECTOR_J) {
            connection.rollback();
            connection.setAutoCommit(true);
        } else {
            execute("ROLLBACK");
        }
    }

    /** Connector/J's {@code resetServerState()}; MariaDB Connector/J's {@code reset()}. */
    @Override
    public void resetConnection() throws SQLException {
        if (library == ClientLibrary.MYSQL_CONNECTOR_J) {
            connection.unwrap(JdbcConnection.class).resetServerState();
        } else {
            connection.unwrap(org.mariadb.jdbc.Connection.class).reset();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** The one value of a result set that must have exactly one row of one column. */
    private static String single(ResultSet rows, String sql) throws SQLException {
        if (!rows.next()) {
            throw new SQLException(sql + ": no row (expected: exactly one)");
        }
        String value = rows.getString(1);
        if (rows.getMetaData().getColumnCount() != 1 || rows.next()) {
            throw new SQLException(sql + ": more than one value (expected: exactly one)");
        }
        return value;
    }
}
