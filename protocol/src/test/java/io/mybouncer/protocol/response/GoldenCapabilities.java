package io.mybouncer.protocol.response;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;

/**
 * The negotiated capabilities (client's ∩ server's) of the connections the vectors in
 * {@code golden/response/} were captured on; each vector's header names its client.
 */
public final class GoldenCapabilities {
    /** mariadb CLI 15.1 and the Python client that copies it: SESSION_TRACK, no DEPRECATE_EOF, MariaDB 0x1D. */
    public static final CapabilitySet CLI = CapabilitySet.ofHalves(0x00BF_A28CL, 0x1DL);
    /** The Python client with DEPRECATE_EOF added. */
    public static final CapabilitySet DEPRECATE_EOF = CLI.with(Capability.CLIENT_DEPRECATE_EOF);
    /** The Python client without SESSION_TRACK. */
    public static final CapabilitySet NO_SESSION_TRACK = CLI.without(Capability.CLIENT_SESSION_TRACK);
    /** A pre-4.1 client: LONG_FLAG and TRANSACTIONS only. */
    public static final CapabilitySet PRE_41 = new CapabilitySet(0x2004L);
    /** MariaDB Connector/J 3.5.7: SESSION_TRACK, DEPRECATE_EOF, MariaDB 0x0C (no metadata cache). */
    public static final CapabilitySet MARIADB_CONNECTOR_J = CapabilitySet.ofHalves(0x01BE_A38AL, 0x0CL);
    /** MySQL Connector/J 9.5.0: DEPRECATE_EOF, no SESSION_TRACK. */
    public static final CapabilitySet MYSQL_CONNECTOR_J = new CapabilitySet(0x013E_A20EL);
    /** The MySQL 8.4 shapes built from the documentation. */
    public static final CapabilitySet MYSQL8 = CapabilitySet.of(Capability.CLIENT_MYSQL, Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_TRANSACTIONS, Capability.CLIENT_RESERVED2, Capability.CLIENT_MULTI_STATEMENTS,
            Capability.CLIENT_MULTI_RESULTS, Capability.CLIENT_PLUGIN_AUTH, Capability.CLIENT_SESSION_TRACK,
            Capability.CLIENT_DEPRECATE_EOF);
    public static final CapabilitySet MYSQL8_OPTIONAL_METADATA =
            MYSQL8.with(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA);
    public static final CapabilitySet MYSQL8_OPTIONAL_METADATA_EOF =
            MYSQL8_OPTIONAL_METADATA.without(Capability.CLIENT_DEPRECATE_EOF);

    private GoldenCapabilities() {
    }
}
