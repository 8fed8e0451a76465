package io.mybouncer.protocol.client;

import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ServerStatus;

/**
 * What a successful login established.
 *
 * @param serverVersion      the server's version string from its greeting
 * @param connectionId       the server's thread id for this connection
 * @param serverCapabilities what the server offered
 * @param capabilities       what both sides use: the client's request intersected with the offer
 * @param authPlugin         the plugin that finally authenticated the client
 * @param tls                whether the connection runs over TLS
 * @param status             server status from the final OK packet
 * @param scramble           the greeting's nonce, which the auth response of a COM_CHANGE_USER on
 *                           this connection answers; not secret (it crossed the wire in clear)
 */
public record ServerSession(
        String serverVersion,
        long connectionId,
        CapabilitySet serverCapabilities,
        CapabilitySet capabilities,
        String authPlugin,
        boolean tls,
        ServerStatus status,
        byte[] scramble) {

    public ServerSession {
        scramble = scramble.clone();
    }

    @Override
    public byte[] scramble() {
        return scramble.clone();
    }

    /** The same connection after a COM_CHANGE_USER that ended with {@code plugin} and {@code newStatus}. */
    ServerSession afterChangeUser(String plugin, ServerStatus newStatus) {
        return new ServerSession(serverVersion, connectionId, serverCapabilities, capabilities, plugin, tls, newStatus,
                scramble);
    }
}
