package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.client.TlsMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the proxy connects to its backend.
 *
 * @param address        the server's TCP address or Unix socket
 * @param tlsMode        TLS to the backend
 * @param caCertificate  CA for {@link TlsMode#VERIFY_CA}, or null
 * @param connectTimeout connecting and logging in may take this long
 * @param maxPayload     the largest logical packet accepted from the backend
 */
public record BackendTarget(ServerAddress address, TlsMode tlsMode, Path caCertificate, Duration connectTimeout,
        long maxPayload) {
}
