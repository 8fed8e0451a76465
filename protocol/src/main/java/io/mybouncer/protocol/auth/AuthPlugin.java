package io.mybouncer.protocol.auth;

import java.util.Optional;

/**
 * The client side of an authentication plugin: turn a password and the server's scramble into the
 * auth response. The verifying (server) side differs per plugin, since each stores a different
 * verifier, so it lives on the implementations as static methods.
 *
 * <p>Passwords are UTF-8 bytes the caller owns and may wipe afterwards; no implementation keeps or
 * prints them.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_authentication_methods.html">Authentication methods</a>
 */
public sealed interface AuthPlugin permits MysqlNativePassword, CachingSha2Password, ClearPassword {
    /** The name that travels in HandshakeV10, HandshakeResponse41 and AuthSwitchRequest. */
    String name();

    /**
     * The first auth response for {@code password} and the server's {@code scramble} (without the
     * NUL servers append). Plugins with more rounds continue through their own methods.
     */
    byte[] computeResponse(byte[] password, byte[] scramble);

    /** The plugin a server names, if this library implements it. */
    static Optional<AuthPlugin> forName(String name) {
        return switch (name) {
            case MysqlNativePassword.NAME -> Optional.of(MysqlNativePassword.INSTANCE);
            case CachingSha2Password.NAME -> Optional.of(CachingSha2Password.INSTANCE);
            case ClearPassword.NAME -> Optional.of(ClearPassword.INSTANCE);
            default -> Optional.empty();
        };
    }
}
