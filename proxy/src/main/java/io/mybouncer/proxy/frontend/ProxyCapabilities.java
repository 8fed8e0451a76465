package io.mybouncer.proxy.frontend;

import static io.mybouncer.protocol.packet.Capability.CLIENT_CONNECT_ATTRS;
import static io.mybouncer.protocol.packet.Capability.CLIENT_CONNECT_WITH_DB;
import static io.mybouncer.protocol.packet.Capability.CLIENT_DEPRECATE_EOF;
import static io.mybouncer.protocol.packet.Capability.CLIENT_FOUND_ROWS;
import static io.mybouncer.protocol.packet.Capability.CLIENT_INTERACTIVE;
import static io.mybouncer.protocol.packet.Capability.CLIENT_LOCAL_FILES;
import static io.mybouncer.protocol.packet.Capability.CLIENT_LONG_FLAG;
import static io.mybouncer.protocol.packet.Capability.CLIENT_MULTI_RESULTS;
import static io.mybouncer.protocol.packet.Capability.CLIENT_MULTI_STATEMENTS;
import static io.mybouncer.protocol.packet.Capability.CLIENT_MYSQL;
import static io.mybouncer.protocol.packet.Capability.CLIENT_PLUGIN_AUTH;
import static io.mybouncer.protocol.packet.Capability.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA;
import static io.mybouncer.protocol.packet.Capability.CLIENT_PROTOCOL_41;
import static io.mybouncer.protocol.packet.Capability.CLIENT_PS_MULTI_RESULTS;
import static io.mybouncer.protocol.packet.Capability.CLIENT_RESERVED2;
import static io.mybouncer.protocol.packet.Capability.CLIENT_SESSION_TRACK;
import static io.mybouncer.protocol.packet.Capability.CLIENT_SSL;
import static io.mybouncer.protocol.packet.Capability.CLIENT_TRANSACTIONS;

import io.mybouncer.protocol.packet.CapabilitySet;

/**
 * The capability flags the proxy's greeting offers: what the proxy implements, and of the session
 * features among them only those the backend offers too.
 *
 * <p>Not offered, on purpose:
 * <ul>
 *   <li>CLIENT_NO_SCHEMA, CLIENT_ODBC, CLIENT_IGNORE_SIGPIPE, CLIENT_RESERVED: obsolete or
 *       client-side only.</li>
 *   <li>CLIENT_IGNORE_SPACE: changes how the backend parses this client's SQL, but a pooled backend
 *       session was opened with the proxy's flags, not the client's.</li>
 *   <li>CLIENT_COMPRESS and CLIENT_ZSTD_COMPRESSION_ALGORITHM: the proxy forwards packets as they
 *       are and would have to (de)compress every one.</li>
 *   <li>CLIENT_CAN_HANDLE_EXPIRED_PASSWORDS: the proxy has no expired-password sandbox mode.</li>
 *   <li>CLIENT_OPTIONAL_RESULTSET_METADATA and CLIENT_QUERY_ATTRIBUTES: they change the layout of
 *       result sets and of COM_QUERY, which the response tracker and the SQL lexer read.</li>
 *   <li>MULTI_FACTOR_AUTHENTICATION, CLIENT_CAPABILITY_EXTENSION: the proxy authenticates clients with
 *       one factor and knows no capability extension; leaving them out makes clients skip both.</li>
 *   <li>CLIENT_SSL_VERIFY_SERVER_CERT, CLIENT_REMEMBER_OPTIONS: client-side flags.</li>
 *   <li>MariaDB's extended capabilities (progress reports, bulk execute, extended and cached
 *       metadata): CLIENT_MYSQL stays set, which tells MariaDB clients not to use them.</li>
 * </ul>
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__capabilities__flags.html">Capabilities flags</a>
 */
public final class ProxyCapabilities {
    /** Everything the proxy implements towards clients. */
    public static final CapabilitySet IMPLEMENTED = CapabilitySet.of(
            // Set by every MySQL server (as CLIENT_LONG_PASSWORD); set here it keeps MariaDB's
            // extended capabilities off.
            CLIENT_MYSQL,
            CLIENT_FOUND_ROWS,
            CLIENT_LONG_FLAG,
            CLIENT_CONNECT_WITH_DB,
            // Only when enabled in configuration: it lets the server read files from the client.
            CLIENT_LOCAL_FILES,
            CLIENT_PROTOCOL_41,
            CLIENT_INTERACTIVE,
            // Only when a TLS context is configured or generated.
            CLIENT_SSL,
            CLIENT_TRANSACTIONS,
            // CLIENT_SECURE_CONNECTION: 4.1 authentication with a length-prefixed response.
            CLIENT_RESERVED2,
            CLIENT_MULTI_STATEMENTS,
            CLIENT_MULTI_RESULTS,
            CLIENT_PS_MULTI_RESULTS,
            CLIENT_PLUGIN_AUTH,
            CLIENT_CONNECT_ATTRS,
            CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA,
            CLIENT_SESSION_TRACK,
            CLIENT_DEPRECATE_EOF);

    /**
     * Flags of the connection phase, which the proxy terminates itself: offered whatever the
     * backend says, since the backend never sees this client's handshake.
     */
    static final CapabilitySet CONNECTION_PHASE = CapabilitySet.of(CLIENT_MYSQL, CLIENT_PROTOCOL_41, CLIENT_SSL,
            CLIENT_RESERVED2, CLIENT_PLUGIN_AUTH, CLIENT_CONNECT_ATTRS, CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA);

    private ProxyCapabilities() {
    }

    /**
     * The greeting's flags.
     *
     * @param backend     what the backend offered
     * @param tls         whether the proxy can upgrade client connections to TLS
     * @param localInfile whether LOAD DATA LOCAL INFILE is enabled
     */
    public static CapabilitySet offered(CapabilitySet backend, boolean tls, boolean localInfile) {
        CapabilitySet offered = IMPLEMENTED.and(new CapabilitySet(backend.bits() | CONNECTION_PHASE.bits()));
        if (!tls) {
            offered = offered.without(CLIENT_SSL);
        }
        if (!localInfile) {
            offered = offered.without(CLIENT_LOCAL_FILES);
        }
        return offered;
    }
}
