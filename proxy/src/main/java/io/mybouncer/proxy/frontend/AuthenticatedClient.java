package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.CapabilitySet;
import java.util.Map;
import java.util.Objects;

/**
 * A client that passed the connection phase: what the session needs to serve it. Fired by
 * {@link ClientHandshakeHandler} as a user event once the OK is written, and passed to
 * {@link LoginAdmission} just before.
 *
 * @param user              the login name
 * @param database          the initial schema from the handshake response, or {@code null}
 * @param collationId       the client's character set (collation id) from the handshake response
 * @param capabilities      the client's flags intersected with what the greeting offered: the
 *                          framing the session must speak to this client
 * @param connectAttributes the client's connect attributes in wire order ({@code _pid},
 *                          {@code _client_name}, ...); empty if it sent none
 * @param tls               the connection was upgraded to TLS
 * @param unixSocket        the client came through the Unix socket listener
 * @param password          the client's plaintext password when full authentication revealed it
 *                          (passthrough), else {@code null}; never printed
 */
public record AuthenticatedClient(
        String user,
        String database,
        int collationId,
        CapabilitySet capabilities,
        Map<String, String> connectAttributes,
        boolean tls,
        boolean unixSocket,
        RevealedPassword password) {

    public AuthenticatedClient {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(capabilities, "capabilities");
        connectAttributes = Map.copyOf(connectAttributes);
    }
}
