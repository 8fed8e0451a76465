package io.mybouncer.proxy.config;

import io.mybouncer.protocol.client.TlsMode;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The MySQL or MariaDB server behind the proxy.
 *
 * @param address       where it listens
 * @param tls           whether the proxy's logins to it use TLS, and whether they check its certificate
 * @param caCertificate the CA that signed its certificate; present exactly when {@code tls} is
 *                      {@link TlsMode#VERIFY_CA}
 */
public record BackendConfig(HostPort address, TlsMode tls, Optional<Path> caCertificate) {
    /** The port MySQL and MariaDB listen on by default. */
    public static final int DEFAULT_PORT = 3306;

    public BackendConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(caCertificate, "caCertificate");
        if ((tls == TlsMode.VERIFY_CA) != caCertificate.isPresent()) {
            throw new IllegalArgumentException("caCertificate: " + caCertificate.isPresent()
                    + " (expected: present exactly with tls VERIFY_CA, not with " + tls + ")");
        }
    }

    /** PREFERRED, as MySQL clients do by default: TLS when the server offers it, unchecked. */
    public static BackendConfig of(HostPort address) {
        return new BackendConfig(address, TlsMode.PREFERRED, Optional.empty());
    }
}
