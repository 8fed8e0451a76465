package io.mybouncer.proxy.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The JDBC drivers the proxy is tested with, and how each is told to reach it. MySQL Connector/J
 * runs twice: with server-side prepared statements (COM_STMT_PREPARE/EXECUTE, the binary protocol)
 * and with its default client-side emulation (text COM_QUERY).
 */
enum JdbcClient {
    MYSQL_SERVER_PREPARED("jdbc:mysql", "sslMode=DISABLED&useServerPrepStmts=true"),
    MYSQL_CLIENT_PREPARED("jdbc:mysql", "sslMode=DISABLED&useServerPrepStmts=false"),
    MARIADB("jdbc:mariadb", "");

    private final String scheme;
    private final String options;

    JdbcClient(String scheme, String options) {
        this.scheme = scheme;
        this.options = options;
    }

    /** The URL of {@code schema} (empty for none) through the proxy, with {@code extra} options ({@code a=b&c=d}). */
    String url(RunningProxy proxy, String schema, String extra) {
        String all = options.isEmpty() ? extra : extra.isEmpty() ? options : options + "&" + extra;
        return scheme + "://" + RunningProxy.HOST + ":" + proxy.port() + "/" + schema + (all.isEmpty() ? "" : "?" + all);
    }

    Connection connect(RunningProxy proxy, String schema, String user, String password, String extra)
            throws SQLException {
        return DriverManager.getConnection(url(proxy, schema, extra), user, password);
    }

    boolean isMysqlConnector() {
        return this != MARIADB;
    }
}
