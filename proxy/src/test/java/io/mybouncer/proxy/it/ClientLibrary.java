package io.mybouncer.proxy.it;

import io.netty.channel.EventLoopGroup;
import java.sql.DriverManager;

/**
 * The client libraries the transaction-mode tests drive, each with server-side prepared statements:
 * MySQL Connector/J and MariaDB Connector/J ({@code useServerPrepStmts=true}), and the protocol
 * module's own client.
 */
enum ClientLibrary {
    MYSQL_CONNECTOR_J,
    MARIADB_CONNECTOR_J,
    PROTOCOL_CLIENT;

    /**
     * A JDBC read may wait this long: far longer than any statement here takes, short enough that a
     * proxy that never answers fails the test instead of hanging it.
     */
    private static final int SOCKET_TIMEOUT_MILLIS = 60_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 20_000;

    /**
     * Logs in to {@code host:port} without a default schema: clients USE theirs, so that every client
     * of one library lands in the same pool whatever its schema.
     *
     * @param group the event loops of protocol-client sessions; unused by the JDBC drivers
     */
    SqlSession open(String host, int port, String user, String password, EventLoopGroup group) throws Exception {
        String timeouts = "connectTimeout=" + CONNECT_TIMEOUT_MILLIS + "&socketTimeout=" + SOCKET_TIMEOUT_MILLIS;
        return switch (this) {
            case MYSQL_CONNECTOR_J -> new JdbcSqlSession(this, DriverManager.getConnection("jdbc:mysql://" + host + ":"
                    + port + "/?sslMode=DISABLED&useServerPrepStmts=true&" + timeouts, user, password));
            case MARIADB_CONNECTOR_J -> new JdbcSqlSession(this, DriverManager.getConnection("jdbc:mariadb://" + host
                    + ":" + port + "/?useServerPrepStmts=true&" + timeouts, user, password));
            case PROTOCOL_CLIENT -> ProtocolSqlSession.connect(group, host, port, user, password);
        };
    }
}
