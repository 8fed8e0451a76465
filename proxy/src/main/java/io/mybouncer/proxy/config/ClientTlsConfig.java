package io.mybouncer.proxy.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The certificate the proxy shows to clients that ask for TLS. When none is configured, the proxy
 * generates a self-signed one at start, as MySQL does, so TLS is always possible; clients that verify
 * the server need a configured one.
 *
 * @param certificate PEM certificate chain, the proxy's certificate first
 * @param key         PEM private key (PKCS#8) of that certificate
 */
public record ClientTlsConfig(Path certificate, Path key) {
    public ClientTlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
    }
}
