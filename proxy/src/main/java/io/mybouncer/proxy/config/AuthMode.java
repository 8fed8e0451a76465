package io.mybouncer.proxy.config;

/** How the proxy knows which clients may log in, and with what password. */
public enum AuthMode {
    /** Users and their secrets are listed in the configuration ({@code users:} or {@code --user}). */
    CONFIGURED,
    /**
     * No password is stored anywhere: the proxy obtains the client's password through
     * caching_sha2_password full authentication (Unix socket, TLS or RSA), verifies it by logging in to
     * the backend as that user, and keeps only a salted verifier in memory (DESIGN.md, part 2).
     */
    PASSTHROUGH
}
