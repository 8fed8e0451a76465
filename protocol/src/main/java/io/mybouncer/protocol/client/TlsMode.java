package io.mybouncer.protocol.client;

/** Whether the client upgrades the connection to TLS after the server's greeting. */
public enum TlsMode {
    /** Never send an SSLRequest. */
    DISABLED,
    /** Use TLS when the server offers CLIENT_SSL, without checking its certificate. */
    PREFERRED,
    /** Fail unless the server offers TLS; do not check its certificate. */
    REQUIRED,
    /** Fail unless the server offers TLS and its certificate chains to the configured CA. */
    VERIFY_CA
}
