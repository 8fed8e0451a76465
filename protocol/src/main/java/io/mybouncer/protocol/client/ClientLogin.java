package io.mybouncer.protocol.client;

import io.mybouncer.protocol.auth.AuthMoreData;
import io.mybouncer.protocol.auth.AuthPlugin;
import io.mybouncer.protocol.auth.AuthSwitchRequest;
import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.CachingSha2Step;
import io.mybouncer.protocol.auth.ClearPassword;
import io.mybouncer.protocol.auth.HandshakeResponse41;
import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import io.mybouncer.protocol.auth.SslRequest;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of the connection phase as a state machine with no channel of its own: it is fed
 * the server's packets and answers through a {@link Output}. {@link ClientLoginHandler} drives it
 * on a Netty channel; the proxy's backend connector drives it on backend connections.
 *
 * <p>Handles the server's greeting (or an early ERR such as "Too many connections"), the optional
 * TLS upgrade, the first auth response with the server's announced plugin, auth switches, and
 * caching_sha2_password's extra rounds: fast-auth success, and full authentication with the
 * plaintext password over TLS or a Unix socket, or RSA-encrypted with the server's public key
 * (requested on the fly) otherwise.
 *
 * <p>The same exchange follows a COM_CHANGE_USER ({@link #forChangeUser}): the command carries the
 * first auth response, computed over the greeting's scramble, and the server answers as at login.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase.html">Connection phase</a>
 */
public final class ClientLogin {
    /** Where the state machine's answers go. Called on the caller's thread, in order. */
    public interface Output {
        /** Write this packet to the server (ownership passes to the callee). */
        void send(Packet packet);

        /** Upgrade the transport to TLS now, then call {@link #onTlsEstablished()}. */
        void startTls();

        void succeeded(ServerSession session);

        void failed(Exception cause);
    }

    private enum State {
        AWAIT_GREETING,
        AWAIT_TLS,
        AWAIT_AUTH_RESULT,
        AWAIT_PUBLIC_KEY,
        DONE
    }

    /**
     * Capabilities every login asks for (when the server offers them): how this client speaks the
     * connection phase. Those that shape the command phase come from
     * {@link ClientOptions#optionalCapabilities()}.
     */
    private static final CapabilitySet BASE = CapabilitySet.of(
            Capability.CLIENT_MYSQL, Capability.CLIENT_LONG_FLAG, Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_TRANSACTIONS, Capability.CLIENT_RESERVED2, Capability.CLIENT_PLUGIN_AUTH,
            Capability.CLIENT_CONNECT_ATTRS, Capability.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA);

    private final ClientOptions options;
    /** Whether the transport itself is private (a Unix socket), so a plaintext password may cross it. */
    private final boolean localSocket;
    private final ByteBufAllocator alloc;
    private final Output output;

    private State state = State.AWAIT_GREETING;
    private HandshakeV10 greeting;
    /** For a COM_CHANGE_USER: the connection's session so far; null for a login. */
    private ServerSession changedFrom;
    private CapabilitySet capabilities;
    private boolean tls;
    /** The plugin of the last auth response sent; auth switches replace it. */
    private AuthPlugin plugin;
    private byte[] scramble;
    /** Sequence id of the last packet received; each answer uses the next one. */
    private int sequenceId;

    public ClientLogin(ClientOptions options, boolean localSocket, ByteBufAllocator alloc, Output output) {
        this.options = options;
        this.localSocket = localSocket;
        this.alloc = alloc;
        this.output = output;
    }

    /**
     * A COM_CHANGE_USER to {@code options}' user and schema on a connection whose login established
     * {@code session}; {@link #sendChangeUser()} starts it, then server packets are fed as at login.
     * A refusal leaves the connection open (the server keeps the previous user).
     */
    public static ClientLogin forChangeUser(ClientOptions options, ServerSession session, boolean localSocket,
            ByteBufAllocator alloc, Output output) {
        ClientLogin login = new ClientLogin(options, localSocket, alloc, output);
        login.changedFrom = session;
        login.capabilities = session.capabilities();
        login.tls = session.tls();
        login.scramble = session.scramble();
        return login;
    }

    /**
     * Sends the COM_CHANGE_USER (sequence id 0), answering the greeting's scramble with the plugin the
     * login ended with.
     */
    public void sendChangeUser() {
        if (changedFrom == null || state != State.AWAIT_GREETING) {
            throw new IllegalStateException("bad state for COM_CHANGE_USER: " + state);
        }
        plugin = usablePlugin(changedFrom.authPlugin());
        ComChangeUser command = new ComChangeUser(options.user(), computeResponse(plugin),
                options.database() == null ? "" : options.database(), options.collationId(), plugin.name(),
                options.connectAttributes());
        state = State.AWAIT_AUTH_RESULT;
        sequenceId = -1;
        output.send(packet(out -> command.encode(out, capabilities)));
    }

    /** Feeds one server packet. The caller keeps ownership of it. */
    public void onPacket(Packet packet) {
        sequenceId = packet.sequenceId();
        ByteBuf payload = packet.content();
        try {
            switch (state) {
                case AWAIT_GREETING -> onGreeting(payload);
                case AWAIT_AUTH_RESULT -> onAuthResult(payload);
                case AWAIT_PUBLIC_KEY -> onPublicKey(payload);
                case AWAIT_TLS, DONE -> throw new ProtocolException(
                        "login: unexpected packet in state " + state + " (header " + packet.firstByte() + ")");
                default -> throw new IllegalStateException("bad state: " + state);
            }
        } catch (ProtocolException | MysqlServerException | LoginException e) {
            state = State.DONE;
            output.failed(e);
        }
    }

    /** The TLS handshake requested by {@link Output#startTls()} completed. */
    public void onTlsEstablished() {
        if (state != State.AWAIT_TLS) {
            throw new IllegalStateException("bad state: " + state);
        }
        tls = true;
        sendHandshakeResponse();
    }

    private void onGreeting(ByteBuf payload) {
        if (ErrPacket.isErr(payload)) {
            // Before the handshake the server knows nothing of the client: no SQLSTATE marker.
            throw new MysqlServerException(ErrPacket.decode(payload, CapabilitySet.NONE));
        }
        greeting = HandshakeV10.decode(payload);
        CapabilitySet offered = greeting.capabilities();
        CapabilitySet wanted = BASE.or(options.optionalCapabilities());
        if (options.database() != null) {
            wanted = wanted.with(Capability.CLIENT_CONNECT_WITH_DB);
        }
        boolean useTls = options.tlsMode() != TlsMode.DISABLED && offered.has(Capability.CLIENT_SSL);
        if (!useTls && (options.tlsMode() == TlsMode.REQUIRED || options.tlsMode() == TlsMode.VERIFY_CA)) {
            throw new LoginException("TLS is required (tlsMode " + options.tlsMode()
                    + ") but the server at hand does not offer it (no CLIENT_SSL)");
        }
        if (useTls) {
            wanted = wanted.with(Capability.CLIENT_SSL);
        }
        // CLIENT_MYSQL is the old CLIENT_LONG_PASSWORD: always sent, and it keeps MariaDB's
        // extended capabilities off, which this client does not use.
        capabilities = wanted.and(offered).with(Capability.CLIENT_MYSQL);
        scramble = greeting.authPluginData();
        if (useTls) {
            state = State.AWAIT_TLS;
            Packet request = packet(out -> new SslRequest(capabilities, options.maxPayload(), options.collationId())
                    .encode(out));
            output.send(request);
            output.startTls();
        } else {
            sendHandshakeResponse();
        }
    }

    private void sendHandshakeResponse() {
        plugin = usablePlugin(greeting.authPluginName() == null ? "" : greeting.authPluginName());
        byte[] response = computeResponse(plugin);
        // Each optional field goes out only when its capability was negotiated: a server that does not
        // offer CLIENT_CONNECT_ATTRS (MySQL before 5.6) or CLIENT_PLUGIN_AUTH (before 5.5) reads no such field.
        HandshakeResponse41 login = new HandshakeResponse41(capabilities, options.maxPayload(),
                options.collationId(), options.user(), response,
                capabilities.has(Capability.CLIENT_CONNECT_WITH_DB) ? options.database() : null,
                capabilities.has(Capability.CLIENT_PLUGIN_AUTH) ? plugin.name() : null,
                capabilities.has(Capability.CLIENT_CONNECT_ATTRS) ? options.connectAttributes() : null, null);
        state = State.AWAIT_AUTH_RESULT;
        output.send(packet(login::encode));
    }

    /** The named plugin, if this client has it and may use it here; else native, which the server may switch. */
    private AuthPlugin usablePlugin(String name) {
        return AuthPlugin.forName(name)
                .filter(p -> p != ClearPassword.INSTANCE || secureTransport())
                // A plugin we lack: answer as native and let the server switch us to what it wants.
                .orElse(MysqlNativePassword.INSTANCE);
    }

    private void onAuthResult(ByteBuf payload) {
        switch (payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1) {
            case OkPacket.HEADER -> {
                OkPacket ok = OkPacket.decode(payload, capabilities);
                state = State.DONE;
                output.succeeded(changedFrom != null ? changedFrom.afterChangeUser(plugin.name(), ok.status())
                        : new ServerSession(greeting.serverVersion(), greeting.connectionId(),
                                greeting.capabilities(), capabilities, plugin.name(), tls, ok.status(),
                                greeting.authPluginData()));
            }
            case ErrPacket.HEADER -> throw new MysqlServerException(ErrPacket.decode(payload, capabilities));
            case AuthSwitchRequest.HEADER -> onAuthSwitch(AuthSwitchRequest.decode(payload));
            case AuthMoreData.HEADER -> onMoreData(AuthMoreData.decode(payload));
            default -> throw ProtocolException.at("login", "auth result header", payload.readerIndex(),
                    String.format("0x%02X", payload.getUnsignedByte(payload.readerIndex())),
                    "OK 0x00, ERR 0xFF, auth switch 0xFE or more data 0x01");
        }
    }

    private void onAuthSwitch(AuthSwitchRequest request) {
        plugin = AuthPlugin.forName(request.pluginName()).orElseThrow(() -> new LoginException(
                "the server asks for auth plugin '" + request.pluginName() + "', which mybouncer does not implement"
                        + " (supported: mysql_native_password, caching_sha2_password, mysql_clear_password)"));
        if (plugin == ClearPassword.INSTANCE && !secureTransport()) {
            throw new LoginException("the server asks for mysql_clear_password, which would send the password"
                    + " in clear over an unencrypted TCP connection; enable TLS or use a Unix socket");
        }
        scramble = request.scramble();
        sendRaw(computeResponse(plugin));
    }

    private void onMoreData(AuthMoreData more) {
        if (plugin != CachingSha2Password.INSTANCE) {
            throw new ProtocolException("login: AuthMoreData for plugin " + plugin.name()
                    + " (expected: only caching_sha2_password sends it)");
        }
        switch (CachingSha2Step.ofServerData(more)) {
            case FAST_AUTH_SUCCESS -> {
                // The OK packet follows; nothing to send.
            }
            case PERFORM_FULL_AUTHENTICATION -> {
                if (secureTransport()) {
                    sendRaw(computeResponse(ClearPassword.INSTANCE));
                } else {
                    state = State.AWAIT_PUBLIC_KEY;
                    sendRaw(new byte[] {CachingSha2Step.REQUEST_PUBLIC_KEY.code()});
                }
            }
            default -> throw new ProtocolException("login: caching_sha2_password step "
                    + CachingSha2Step.ofServerData(more) + " from the server (expected: fast auth or full auth)");
        }
    }

    private void onPublicKey(ByteBuf payload) {
        if (ErrPacket.isErr(payload)) {
            throw new MysqlServerException(ErrPacket.decode(payload, capabilities));
        }
        AuthMoreData more = AuthMoreData.decode(payload);
        var key = RsaPasswordEncryptor.parsePublicKey(new String(more.data(), StandardCharsets.US_ASCII));
        byte[] password = passwordBytes();
        try {
            state = State.AWAIT_AUTH_RESULT;
            sendRaw(RsaPasswordEncryptor.encrypt(password, scramble, key, RsaPasswordEncryptor.Padding.OAEP));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private boolean secureTransport() {
        return tls || localSocket;
    }

    private byte[] computeResponse(AuthPlugin with) {
        byte[] password = passwordBytes();
        try {
            // An empty password is answered with an empty response, as libmysqlclient does.
            return password.length == 0 && with != ClearPassword.INSTANCE
                    ? new byte[0] : with.computeResponse(password, scramble);
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private byte[] passwordBytes() {
        return options.password().getBytes(StandardCharsets.UTF_8);
    }

    private void sendRaw(byte[] data) {
        output.send(packet(out -> out.writeBytes(data)));
    }

    private Packet packet(java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf payload = alloc.buffer();
        writer.accept(payload);
        sequenceId = (sequenceId + 1) & 0xFF;
        return new Packet(sequenceId, payload);
    }

    /** The login cannot proceed for a reason on this side (policy, unsupported plugin). */
    public static final class LoginException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LoginException(String message) {
            super(message);
        }
    }
}
