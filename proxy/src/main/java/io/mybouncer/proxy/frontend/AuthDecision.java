package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.AuthSwitchRequest;
import io.mybouncer.protocol.packet.ErrPacket;
import java.util.Objects;

/**
 * What the proxy answers to one client packet of the auth exchange, as decided by
 * {@link ClientAuthenticator}. {@link ClientHandshakeHandler} turns each into packets.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection phase</a>
 */
public sealed interface AuthDecision {
    /**
     * The client proved its password (or, in passthrough, revealed it).
     *
     * @param user            the login name
     * @param plugin          the plugin the exchange ended with
     * @param fastAuthSuccess send caching_sha2_password's fast-auth-success signal before the OK
     * @param password        the plaintext password when full authentication revealed it, else {@code null}
     */
    record Accept(String user, String plugin, boolean fastAuthSuccess, RevealedPassword password)
            implements AuthDecision {
        public Accept {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(plugin, "plugin");
        }
    }

    /** Send this ERR and close. */
    record Deny(ProxyError error, ErrPacket packet) implements AuthDecision {
        public Deny {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(packet, "packet");
        }

        /** The ERR of {@code error} with its message arguments. */
        public static Deny of(ProxyError error, Object... arguments) {
            return new Deny(error, error.toErrPacket(arguments));
        }
    }

    /** Ask the client to answer again with another plugin and a fresh scramble. */
    record SwitchPlugin(AuthSwitchRequest request) implements AuthDecision {
        public SwitchPlugin {
            Objects.requireNonNull(request, "request");
        }
    }

    /** caching_sha2_password: AuthMoreData perform-full-authentication; the client sends its password next. */
    record RequestFullAuthentication() implements AuthDecision {
    }

    /** caching_sha2_password: AuthMoreData with the proxy's RSA public key, answering the client's 0x02. */
    record SendPublicKey(String pem) implements AuthDecision {
        public SendPublicKey {
            Objects.requireNonNull(pem, "pem");
        }
    }
}
