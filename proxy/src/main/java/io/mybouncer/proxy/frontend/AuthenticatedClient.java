package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.CapabilitySet;
import java.util.Map;
import java.util.Objects;

/**
 * A client that passed the connection phase (or a COM_CHANGE_USER): what the session needs to serve
 * it. Passed to {@link LoginAdmission}, then fired by {@link ClientHandshakeHandler} as a user event
 * just before the OK is written.
 *
 * @param user              the login name
 * @param database          the initial schema from the handshake response, or {@code null}
 * @param collationId       the client's character set (collation id) from the handshake response
 * @param capabilities      the client's flags intersected with what the greeting offered: the
 *                          framing the session must speak to this client
 * @param connectAttributes the client's connect attributes in wire order ({@code _pid},
 *                          {@code _client_name}, ...); empty if it sent none
 * @param transport         how the client reached the proxy (TLS, Unix socket, its host)
 * @param password          the client's plaintext password when full authentication revealed it
 *                          (passthrough), else {@code null}; never printed
 */
public record AuthenticatedClient(
        String user,
        String database,
        int collationId,
        CapabilitySet capabilities,
        Map<String, String> connectAttributes,
        ClientTransport transport,
        RevealedPassword password) {

    public AuthenticatedClient {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(transport, "transport");
        connectAttributes = Map.copyOf(connectAttributes);
    }

    /** The connection was upgraded to TLS. */
    public boolean tls() {
        return transport.tls();
    }

    /** The client came through the Unix socket listener. */
    public boolean unixSocket() {
        return transport.unixSocket();
    }
}
