package io.mybouncer.proxy.frontend;

import java.util.Objects;

/**
 * User event fired by {@link ClientHandshakeHandler} when a login fails on the proxy's side, just
 * before the connection closes: for the log line and the metric that count failed logins. A client
 * that simply disconnects during login fires none.
 *
 * @param error   the ERR sent (for a failed TLS handshake none can be sent;
 *                {@link ProxyError#PROTOCOL_VIOLATION} names the kind)
 * @param message the human phrase, as in the ERR; never contains secrets
 */
public record LoginFailed(ProxyError error, String message) {
    public LoginFailed {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(message, "message");
    }
}
