package io.mybouncer.proxy.it;

import io.mybouncer.protocol.client.ClientOptions;
import io.netty.channel.EventLoopGroup;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;

/**
 * The client libraries the transaction-mode tests drive, each with server-side prepared statements:
 * MySQL Connector/J and MariaDB Connector/J ({@code useServerPrepStmts=true}), and the protocol
 * module's own client. MariaDB Connector/J also gets {@code useResetConnection=true}: without it, its
 * {@code reset()} resets only the driver's side and sends no COM_RESET_CONNECTION.
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
     * Where and as whom a session logs in.
     *
     * @param schema  the login's default schema. Clients of one test log in with the same one (a pool
     *                is per login schema) and USE their own; a client that logs in without a schema
     *                and then USEs one keeps its backend, as no command can unset a schema again.
     * @param program the {@code program_name} connect attribute, by which the admin console's
     *                SHOW CLIENTS tells the session apart
     */
    record Login(String host, int port, String user, String password, String schema, String program) {
        /** {@code proxy}'s own user, logging in with {@code schema}. */
        static Login of(RunningProxy proxy, String schema, String program) {
            return new Login(RunningProxy.HOST, proxy.port(), proxy.user(), proxy.password(), schema, program);
        }
    }

    /** @param group the event loops of protocol-client sessions; unused by the JDBC drivers */
    SqlSession open(Login login, EventLoopGroup group) throws Exception {
        String options = "connectTimeout=" + CONNECT_TIMEOUT_MILLIS + "&socketTimeout=" + SOCKET_TIMEOUT_MILLIS
                + "&connectionAttributes=program_name:" + login.program();
        String address = "//" + login.host() + ":" + login.port() + "/" + login.schema();
        return switch (this) {
            case MYSQL_CONNECTOR_J -> new JdbcSqlSession(this, DriverManager.getConnection("jdbc:mysql:" + address
                    + "?sslMode=DISABLED&useServerPrepStmts=true&" + options, login.user(), login.password()));
            case MARIADB_CONNECTOR_J -> new JdbcSqlSession(this, DriverManager.getConnection("jdbc:mariadb:" + address
                    + "?useServerPrepStmts=true&useResetConnection=true&" + options, login.user(), login.password()));
            case PROTOCOL_CLIENT -> {
                ClientOptions base = ClientOptions.of(login.user(), login.password()).withDatabase(login.schema());
                Map<String, String> attributes = new HashMap<>(base.connectAttributes());
                attributes.put("program_name", login.program());
                yield ProtocolSqlSession.connect(group, login.host(), login.port(),
                        base.withConnectAttributes(attributes));
            }
        };
    }
}
