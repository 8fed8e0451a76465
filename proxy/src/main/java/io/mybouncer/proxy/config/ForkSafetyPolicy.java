package io.mybouncer.proxy.config;

/** What the proxy does when one client connection turns out to be used by more than one process. */
public enum ForkSafetyPolicy {
    /**
     * Ends the connection's use: no further backend response reaches it, and every command on it
     * is answered with an ERR that names the cause. Also when the operating system cannot tell who
     * holds the connection and the client is not a driver known to pipeline.
     */
    REJECT,
    /** Logs and counts the hazard, and relays as usual. */
    LOG,
    /** No detection at all. */
    OFF
}
