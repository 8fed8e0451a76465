package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.CapabilitySet;
import java.util.Objects;

/**
 * What the proxy's greeting takes from its backend, so clients see the server they will talk to.
 *
 * @param serverVersion       the backend's version string, as is: ORMs and drivers pick their SQL
 *                            dialect and workarounds from it
 * @param backendCapabilities the flags the backend offered; the greeting offers no session feature
 *                            the backend lacks
 * @param collationId         the backend's default collation (the greeting carries its low 8 bits)
 */
public record ServerIdentity(String serverVersion, CapabilitySet backendCapabilities, int collationId) {
    public ServerIdentity {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(backendCapabilities, "backendCapabilities");
        if (collationId < 1 || collationId > 0xFFFF) {
            throw new IllegalArgumentException("collationId: " + collationId + " (expected: 1..65535)");
        }
    }
}
