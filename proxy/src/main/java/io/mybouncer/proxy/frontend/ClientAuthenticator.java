package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.AuthSwitchRequest;
import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.CachingSha2Step;
import io.mybouncer.protocol.auth.ClearPassword;
import io.mybouncer.protocol.auth.HandshakeResponse41;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import io.mybouncer.protocol.auth.Scramble;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.ProtocolException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * The server side of one client's authentication, as decisions without I/O: it is fed the client's
 * {@link HandshakeResponse41} and then each raw auth packet, and answers with an {@link AuthDecision}.
 * One instance per login, confined to the connection's event loop.
 *
 * <p>Which plugin a user must answer with follows from what the proxy knows of its password:
 * <ul>
 *   <li>a verifier for the plugin the client used: verify at once. mysql_native_password answers OK
 *       or ERR; caching_sha2_password answers fast-auth-success then OK, or ERR (a cache hit with
 *       a wrong scramble, as MySQL does);</li>
 *   <li>only a native hash, and the client answered with another plugin: switch it to
 *       mysql_native_password;</li>
 *   <li>nothing (passthrough): switch to caching_sha2_password if needed, then perform full
 *       authentication, which reveals the password: in the clear over TLS or the Unix socket, else
 *       RSA-encrypted with the proxy's key (sent as PEM when the client asks with 0x02). A client that
 *       sends it in the clear over plain TCP is refused with an error that says what to use.</li>
 * </ul>
 * A client without CLIENT_PLUGIN_AUTH answers with mysql_native_password and cannot be switched; if
 * the user needs another plugin it gets {@link ProxyError#AUTH_PLUGIN_REQUIRED}.
 *
 * <p>COM_CHANGE_USER ({@link #onChangeUser}) is authenticated the same way, except that it always
 * starts with an auth switch to the plugin the user needs, with a fresh scramble, as MariaDB 10.11
 * does (captured): the response inside the command answers the greeting's scramble, which is not
 * used for a second authentication.
 *
 * <p>An unknown user is treated as a user with both verifiers of an unguessable password, so it
 * fails the same way, with the same message, as a wrong password for a configured user. (A user
 * known only by a native hash is switched where an unknown one is not; MySQL has the same tell.)
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection phase</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_caching_sha2_authentication_exchanges.html">caching_sha2_password exchanges</a>
 */
public final class ClientAuthenticator {
    private static final String NATIVE = MysqlNativePassword.NAME;
    private static final String CACHING_SHA2 = CachingSha2Password.NAME;
    private static final int UNKNOWN_USER_SECRET_BYTES = 32;
    private static final String RSA_HINT = "connect with TLS or through the Unix socket, or let the client fetch the"
            + " server's RSA public key (Connector/J: allowPublicKeyRetrieval=true; mysql: --get-server-public-key)";

    private enum State {
        /** The greeting is out; the HandshakeResponse41 (or a COM_CHANGE_USER) comes next. */
        AWAIT_FIRST_RESPONSE,
        /** An AuthSwitchRequest is out; the raw response for {@link #plugin} comes next. */
        AWAIT_SWITCH_RESPONSE,
        /** perform-full-authentication is out: password + NUL, a public-key request, or RSA ciphertext. */
        AWAIT_PASSWORD,
        /** The PEM is out; RSA ciphertext comes next. */
        AWAIT_ENCRYPTED_PASSWORD,
        /** Accepted or denied; nothing more is read. */
        DONE
    }

    private final UserDirectory users;
    private final KeyPair rsaKeys;
    private final SecureRandom random;
    private final ClientTransport transport;

    private State state = State.AWAIT_FIRST_RESPONSE;
    /** The nonce the client's next response answers: the greeting's, then each switch's. */
    private byte[] scramble;
    /** Set from the handshake response. */
    private String user;
    private ClientCredentials credentials;
    private boolean canSwitch;
    /** The plugin of the client's last response. */
    private String plugin;
    /** Whether the client's last response was non-empty, for "using password: YES/NO". */
    private boolean usingPassword;

    /**
     * @param scramble the 20 bytes sent in the greeting
     * @param rsaKeys  the proxy's key pair for caching_sha2_password's RSA path
     * @param random   for the scramble of an auth switch and the unknown-user decoy
     */
    public ClientAuthenticator(UserDirectory users, ClientTransport transport, byte[] scramble, KeyPair rsaKeys,
            SecureRandom random) {
        if (!(rsaKeys.getPrivate() instanceof RSAPrivateKey) || !(rsaKeys.getPublic() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("rsaKeys: " + rsaKeys.getPublic().getAlgorithm() + " (expected: RSA)");
        }
        this.users = users;
        this.transport = transport;
        this.scramble = scramble.clone();
        this.rsaKeys = rsaKeys;
        this.random = random;
    }

    /**
     * The first decision, for the client's login packet.
     *
     * @throws ProtocolException if the client's later bytes do not form what the plugin expects
     */
    public AuthDecision onHandshakeResponse(HandshakeResponse41 response) {
        requireState(State.AWAIT_FIRST_RESPONSE);
        user = response.username();
        credentials = users.lookup(user).orElseGet(this::unknownUser);
        canSwitch = response.capabilities().has(Capability.CLIENT_PLUGIN_AUTH);
        // Without CLIENT_PLUGIN_AUTH the response is the 4.1 scramble, i.e. mysql_native_password.
        String used = canSwitch ? response.authPluginName() : NATIVE;
        String required = requiredPlugin(used);
        if (!required.equals(used)) {
            return switchTo(required, response.authResponse());
        }
        plugin = used;
        return verify(response.authResponse());
    }

    /**
     * For a COM_CHANGE_USER on a logged-in connection: always an auth switch with a fresh scramble,
     * to the plugin the new user needs (or a denial when the client cannot switch).
     *
     * @param canSwitch whether the client announced CLIENT_PLUGIN_AUTH at login
     */
    public AuthDecision onChangeUser(ComChangeUser command, boolean canSwitch) {
        requireState(State.AWAIT_FIRST_RESPONSE);
        user = command.user();
        credentials = users.lookup(user).orElseGet(this::unknownUser);
        this.canSwitch = canSwitch;
        String used = canSwitch && !command.authPluginName().isEmpty() ? command.authPluginName() : NATIVE;
        return switchTo(requiredPlugin(used), command.authResponse());
    }

    /**
     * The next decision, for a raw auth packet: the response after a switch, the password after
     * perform-full-authentication, a public-key request, or RSA ciphertext.
     *
     * @throws ProtocolException if a clear-text password lacks its NUL
     */
    public AuthDecision onAuthResponse(byte[] data) {
        switch (state) {
            case AWAIT_SWITCH_RESPONSE -> {
                return verify(data);
            }
            case AWAIT_PASSWORD -> {
                if (CachingSha2Step.isPublicKeyRequest(data)) {
                    state = State.AWAIT_ENCRYPTED_PASSWORD;
                    return new AuthDecision.SendPublicKey(
                            RsaPasswordEncryptor.toPem((RSAPublicKey) rsaKeys.getPublic()));
                }
                if (transport.secure()) {
                    return accept(false, new RevealedPassword(ClearPassword.password(data)));
                }
                if (data.length == rsaBlockBytes()) {
                    // The client already had the proxy's public key (configured, or fetched earlier).
                    return decrypt(data);
                }
                return deny(ProxyError.SECURE_TRANSPORT_REQUIRED, user,
                        "the client sent its password unencrypted over plain TCP; " + RSA_HINT);
            }
            case AWAIT_ENCRYPTED_PASSWORD -> {
                return decrypt(data);
            }
            default -> throw new IllegalStateException("bad state: " + state);
        }
    }

    /** Whether a decision has been final (accept or deny). */
    public boolean isDone() {
        return state == State.DONE;
    }

    private String requiredPlugin(String used) {
        if (credentials.isPassthrough()) {
            return CACHING_SHA2;
        }
        if (NATIVE.equals(used) && credentials.nativeHash().isPresent()
                || CACHING_SHA2.equals(used) && credentials.cachingSha2Hash().isPresent()) {
            return used;
        }
        return credentials.nativeHash().isPresent() ? NATIVE : CACHING_SHA2;
    }

    private AuthDecision switchTo(String required, byte[] firstResponse) {
        usingPassword = firstResponse.length > 0;
        if (!canSwitch) {
            return deny(ProxyError.AUTH_PLUGIN_REQUIRED, user, required);
        }
        plugin = required;
        scramble = Scramble.generate(random).bytes();
        state = State.AWAIT_SWITCH_RESPONSE;
        return new AuthDecision.SwitchPlugin(AuthSwitchRequest.ofScramble(required, scramble));
    }

    /** Checks a response computed by {@link #plugin} over {@link #scramble}. */
    private AuthDecision verify(byte[] response) {
        // libmysqlclient answers caching_sha2_password with a lone NUL for an empty password.
        byte[] normalized = CACHING_SHA2.equals(plugin) && response.length == 1 && response[0] == 0
                ? new byte[0] : response;
        usingPassword = normalized.length > 0;
        if (credentials.isPassthrough()) {
            if (normalized.length == 0) {
                // An empty password needs no further round: it is revealed as empty.
                return accept(false, new RevealedPassword(new byte[0]));
            }
            state = State.AWAIT_PASSWORD;
            return new AuthDecision.RequestFullAuthentication();
        }
        if (NATIVE.equals(plugin)) {
            byte[] stored = credentials.nativeHash().orElseThrow();
            return MysqlNativePassword.verify(stored, scramble, normalized) ? accept(false, null) : accessDenied();
        }
        byte[] stored = credentials.cachingSha2Hash().orElseThrow();
        return CachingSha2Password.verify(stored, scramble, normalized) ? accept(true, null) : accessDenied();
    }

    /**
     * RSA-OAEP is what MySQL 8.0.5+ and MariaDB clients use; Connector/J falls back to PKCS#1 v1.5
     * when the advertised server version is older, so that is tried second.
     */
    private AuthDecision decrypt(byte[] ciphertext) {
        RSAPrivateKey key = (RSAPrivateKey) rsaKeys.getPrivate();
        for (RsaPasswordEncryptor.Padding padding : RsaPasswordEncryptor.Padding.values()) {
            Optional<byte[]> password = tryDecrypt(ciphertext, key, padding);
            if (password.isPresent()) {
                usingPassword = true;
                return accept(false, new RevealedPassword(password.get()));
            }
        }
        usingPassword = ciphertext.length > 0;
        return accessDenied();
    }

    private Optional<byte[]> tryDecrypt(byte[] ciphertext, RSAPrivateKey key, RsaPasswordEncryptor.Padding padding) {
        try {
            return Optional.of(RsaPasswordEncryptor.decrypt(ciphertext, scramble, key, padding));
        } catch (ProtocolException wrongKeyPaddingOrScramble) {
            // Not encrypted for this key, padding and scramble: the next padding, or access denied.
            return Optional.empty();
        }
    }

    private int rsaBlockBytes() {
        return (((RSAPublicKey) rsaKeys.getPublic()).getModulus().bitLength() + 7) / 8;
    }

    private AuthDecision accept(boolean fastAuthSuccess, RevealedPassword password) {
        state = State.DONE;
        return new AuthDecision.Accept(user, plugin, fastAuthSuccess, password);
    }

    private AuthDecision accessDenied() {
        return deny(ProxyError.ACCESS_DENIED, user, transport.host(), usingPassword ? "YES" : "NO");
    }

    private AuthDecision deny(ProxyError error, Object... arguments) {
        state = State.DONE;
        return AuthDecision.Deny.of(error, arguments);
    }

    private ClientCredentials unknownUser() {
        byte[] secret = new byte[UNKNOWN_USER_SECRET_BYTES];
        random.nextBytes(secret);
        return ClientCredentials.ofPassword(secret);
    }

    private void requireState(State expected) {
        if (state != expected) {
            throw new IllegalStateException("bad state: " + state);
        }
    }
}
