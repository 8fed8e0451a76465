package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.client.ClientLoginHandler;
import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlServerException;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientHandshakeHandlerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MAX_PAYLOAD = 16L << 20;
    private static final String PASSWORD = "app-pass";
    private static final UserDirectory USERS = UserDirectory.of(Map.of(
            "app", ClientCredentials.ofPassword(PASSWORD.getBytes(StandardCharsets.UTF_8))));
    /** What MariaDB 10.11 offered in the golden capture: CLIENT_MYSQL clear, extended bits, COMPRESS. */
    private static CapabilitySet mariaDbCapabilities;
    private static SslContext tls;

    private EmbeddedChannel server;
    private EmbeddedChannel client;
    private final LoginWire.Recorder recorder = new LoginWire.Recorder();

    @BeforeAll
    static void backendAndTls(@TempDir Path directory) throws IOException {
        ByteBuf greeting = GoldenVectors.payload("connection/mariadb-10.11-handshake-v10");
        try {
            mariaDbCapabilities = HandshakeV10.decode(greeting).capabilities();
        } finally {
            greeting.release();
        }
        tls = ClientTlsContext.generate(directory).sslContext();
    }

    @AfterEach
    void finish() {
        for (EmbeddedChannel channel : new EmbeddedChannel[] {server, client}) {
            if (channel != null) {
                // Closing first lets a TLS handler write its close_notify, which is drained with the rest.
                channel.close();
                channel.releaseOutbound();
                channel.releaseInbound();
                assertFalse(channel.finish(), "unread messages left in " + channel);
            }
        }
        recorder.messages.forEach(ReferenceCountUtil::release);
    }

    private static FrontendSettings settings(UserDirectory users, String plugin, SslContext context) {
        return new FrontendSettings(new ServerIdentity("10.11.19-MariaDB-0+deb12u1", mariaDbCapabilities, 45),
                plugin, context, false, Duration.ofSeconds(10), MAX_PAYLOAD, users, RsaKeys.PAIR, RANDOM);
    }

    private void startServer(FrontendSettings settings, LoginAdmission admission) {
        server = new EmbeddedChannel(new PacketFrameDecoder(MAX_PAYLOAD), PacketEncoder.INSTANCE,
                new ClientHandshakeHandler(settings, 42, false, admission), recorder);
    }

    private void startServer() {
        startServer(settings(USERS, MysqlNativePassword.NAME, null), LoginAdmission.ACCEPT_ALL);
    }

    private Promise<ServerSession> startClient(ClientOptions options) {
        client = new EmbeddedChannel();
        Promise<ServerSession> login = client.eventLoop().newPromise();
        client.pipeline().addLast(new PacketFrameDecoder(MAX_PAYLOAD), PacketEncoder.INSTANCE,
                new ClientLoginHandler(options, false, login));
        return login;
    }

    private HandshakeV10 greeting() {
        List<Packet> written = LoginWire.written(server);
        try {
            assertThat(written).hasSize(1);
            assertThat(written.get(0).sequenceId()).isZero();
            return HandshakeV10.decode(written.get(0).content());
        } finally {
            written.forEach(Packet::release);
        }
    }

    /** The one ERR the server wrote before closing. */
    private ErrPacket writtenErr(int sequenceId) {
        List<Packet> written = LoginWire.written(server);
        try {
            assertThat(written).hasSize(1);
            assertThat(written.get(0).sequenceId()).isEqualTo(sequenceId);
            return ErrPacket.decode(written.get(0).content(), CapabilitySet.of(Capability.CLIENT_PROTOCOL_41));
        } finally {
            written.forEach(Packet::release);
        }
    }

    private void assertFailedWith(ProxyError error) {
        assertThat(server.isOpen()).isFalse();
        assertThat(recorder.events(LoginFailed.class)).singleElement()
                .satisfies(failed -> assertThat(failed.error()).isEqualTo(error));
        assertThat(recorder.events(AuthenticatedClient.class)).isEmpty();
    }

    @Test
    void greetsWithTheBackendVersionAndOnlyTheCapabilitiesTheProxyImplements() {
        startServer();

        HandshakeV10 greeting = greeting();

        assertThat(greeting.serverVersion()).isEqualTo("10.11.19-MariaDB-0+deb12u1");
        assertThat(greeting.connectionId()).isEqualTo(42);
        assertThat(greeting.characterSet()).isEqualTo(45);
        assertThat(greeting.authPluginName()).isEqualTo(MysqlNativePassword.NAME);
        assertThat(greeting.authPluginData()).hasSize(20).doesNotContain((byte) 0);
        assertThat(greeting.statusFlags().autocommit()).isTrue();
        CapabilitySet offered = greeting.capabilities();
        assertThat(mariaDbCapabilities.has(Capability.CLIENT_COMPRESS)).isTrue();
        assertThat(offered.has(Capability.CLIENT_MYSQL)).isTrue();
        assertThat(offered.upper()).isZero();
        assertThat(offered.toEnumSet()).doesNotContain(Capability.CLIENT_COMPRESS, Capability.CLIENT_SSL,
                Capability.CLIENT_LOCAL_FILES, Capability.CLIENT_QUERY_ATTRIBUTES,
                Capability.CLIENT_OPTIONAL_RESULTSET_METADATA, Capability.CLIENT_ZSTD_COMPRESSION_ALGORITHM,
                Capability.MULTI_FACTOR_AUTHENTICATION);
        assertThat(offered.toEnumSet()).contains(Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_PLUGIN_AUTH,
                Capability.CLIENT_SESSION_TRACK, Capability.CLIENT_DEPRECATE_EOF, Capability.CLIENT_MULTI_STATEMENTS);
    }

    @Test
    void offersTlsOnlyWithAContextAndSessionFeaturesOnlyWhenTheBackendHasThem() {
        CapabilitySet oldBackend = mariaDbCapabilities.without(Capability.CLIENT_DEPRECATE_EOF)
                .without(Capability.CLIENT_SESSION_TRACK).without(Capability.CLIENT_PLUGIN_AUTH);
        server = new EmbeddedChannel(new PacketFrameDecoder(MAX_PAYLOAD), PacketEncoder.INSTANCE,
                new ClientHandshakeHandler(new FrontendSettings(new ServerIdentity("5.7.44", oldBackend, 33),
                        CachingSha2Password.NAME, tls, true, Duration.ofSeconds(10), MAX_PAYLOAD, USERS, RsaKeys.PAIR,
                        RANDOM), 7, false, LoginAdmission.ACCEPT_ALL));

        HandshakeV10 greeting = greeting();

        assertThat(greeting.capabilities().toEnumSet())
                .contains(Capability.CLIENT_SSL, Capability.CLIENT_LOCAL_FILES, Capability.CLIENT_PLUGIN_AUTH)
                .doesNotContain(Capability.CLIENT_DEPRECATE_EOF, Capability.CLIENT_SESSION_TRACK);
        assertThat(greeting.authPluginName()).isEqualTo(CachingSha2Password.NAME);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void logsInTheProtocolClientAndHandsOverToTheSession(boolean coalesce) {
        startServer();
        Promise<ServerSession> login = startClient(ClientOptions.of("app", PASSWORD).withDatabase("shop")
                .withDeprecateEof(true));

        LoginWire.pump(client, server, coalesce);

        assertThat(login.isSuccess()).as("%s", login.cause()).isTrue();
        assertThat(login.getNow().authPlugin()).isEqualTo(MysqlNativePassword.NAME);
        AuthenticatedClient authenticated = recorder.events(AuthenticatedClient.class).get(0);
        assertThat(authenticated.user()).isEqualTo("app");
        assertThat(authenticated.database()).isEqualTo("shop");
        assertThat(authenticated.collationId()).isEqualTo(ClientOptions.UTF8MB4_GENERAL_CI);
        assertThat(authenticated.connectAttributes()).containsEntry("_client_name", "mybouncer");
        assertThat(authenticated.capabilities()).isEqualTo(login.getNow().capabilities());
        assertThat(authenticated.capabilities().deprecateEof()).isTrue();
        assertThat(authenticated.tls()).isFalse();
        assertThat(authenticated.password()).isNull();
        assertThat(server.pipeline().get(ClientHandshakeHandler.class)).isNull();

        // The next packet is the session's.
        server.writeInbound(LoginWire.frame(0, new byte[] {0x0e}));
        assertThat(recorder.messages).singleElement().isInstanceOfSatisfying(Packet.class,
                ping -> assertThat(ping.firstByte()).isEqualTo(0x0e));
    }

    @Test
    void endsCachingSha2FastAuthWithFastAuthSuccessThenOk() {
        startServer(settings(USERS, CachingSha2Password.NAME, null), LoginAdmission.ACCEPT_ALL);
        Promise<ServerSession> login = startClient(ClientOptions.of("app", PASSWORD));

        LoginWire.pump(client, server, false);

        assertThat(login.isSuccess()).as("%s", login.cause()).isTrue();
        assertThat(login.getNow().authPlugin()).isEqualTo(CachingSha2Password.NAME);
        assertThat(recorder.events(AuthenticatedClient.class)).hasSize(1);
    }

    @Test
    void refusesAWrongPasswordWithAccessDeniedAndCloses() {
        startServer();
        Promise<ServerSession> login = startClient(ClientOptions.of("app", "wrong"));

        LoginWire.pump(client, server, false);

        assertThat(login.cause()).isInstanceOfSatisfying(MysqlServerException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1045);
            assertThat(e.sqlState()).isEqualTo("28000");
            assertThat(e.getMessage()).contains("Access denied for user 'app'@'embedded' (using password: YES)");
        });
        assertFailedWith(ProxyError.ACCESS_DENIED);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void revealsThePassthroughPasswordOverTls(boolean coalesce) {
        CompletableFuture<AuthenticatedClient> admitted = new CompletableFuture<>();
        startServer(settings(UserDirectory.passthrough(), MysqlNativePassword.NAME, tls), (client, loop) -> {
            admitted.complete(client);
            return CompletableFuture.completedFuture(Optional.empty());
        });
        Promise<ServerSession> login = startClient(ClientOptions.of("anyone", "their-pass")
                .withTls(TlsMode.REQUIRED, null));

        LoginWire.pump(client, server, coalesce);

        assertThat(login.isSuccess()).as("%s", login.cause()).isTrue();
        assertThat(login.getNow().tls()).isTrue();
        AuthenticatedClient authenticated = admitted.join();
        assertThat(authenticated.tls()).isTrue();
        assertThat(authenticated.password().asString()).isEqualTo("their-pass");
        assertThat(authenticated.toString()).doesNotContain("their-pass");
        assertThat(recorder.events(AuthenticatedClient.class)).containsExactly(authenticated);
        assertThat(server.pipeline().names()).contains(ClientHandshakeHandler.TLS_NAME)
                .doesNotContain(ClientHandshakeHandler.NAME);
    }

    @Test
    void revealsThePassthroughPasswordWithRsaOverPlainTcp() {
        CompletableFuture<AuthenticatedClient> admitted = new CompletableFuture<>();
        startServer(settings(UserDirectory.passthrough(), CachingSha2Password.NAME, null), (client, loop) -> {
            admitted.complete(client);
            return CompletableFuture.completedFuture(Optional.empty());
        });
        Promise<ServerSession> login = startClient(ClientOptions.of("anyone", "their-pass"));

        LoginWire.pump(client, server, false);

        assertThat(login.isSuccess()).as("%s", login.cause()).isTrue();
        assertThat(admitted.join().password().asString()).isEqualTo("their-pass");
        assertThat(admitted.join().tls()).isFalse();
    }

    @Test
    void sendsTheOkOnlyWhenAdmissionCompletesAndItsErrWhenItRefuses() {
        CompletableFuture<Optional<AuthDecision.Deny>> decision = new CompletableFuture<>();
        startServer(settings(UserDirectory.passthrough(), CachingSha2Password.NAME, tls), (client, loop) -> decision);
        Promise<ServerSession> login = startClient(ClientOptions.of("anyone", "bad").withTls(TlsMode.REQUIRED, null));

        LoginWire.pump(client, server, false);
        assertThat(login.isDone()).isFalse();
        decision.complete(Optional.of(AuthDecision.Deny.of(ProxyError.ACCESS_DENIED, "anyone", "embedded", "YES")));
        LoginWire.pump(client, server, false);

        assertThat(login.cause()).isInstanceOfSatisfying(MysqlServerException.class,
                e -> assertThat(e.errorCode()).isEqualTo(1045));
        assertFailedWith(ProxyError.ACCESS_DENIED);
    }

    @Test
    void answersTheCapturedMariaDbCliLoginWithAccessDeniedForItsStaleScramble() {
        startServer(settings(UserDirectory.of(Map.of("golden",
                ClientCredentials.ofPassword("golden-pass".getBytes(StandardCharsets.UTF_8)))),
                MysqlNativePassword.NAME, null), LoginAdmission.ACCEPT_ALL);
        greeting();

        // Its response answers the captured greeting's scramble, not this one.
        server.writeInbound(Unpooled.wrappedBuffer(GoldenVectors.bytes("connection/mariadb-cli-handshake-response41")));

        ErrPacket err = writtenErr(2);
        assertThat(err).isEqualTo(new ErrPacket(1045, "28000",
                "Access denied for user 'golden'@'embedded' (using password: YES)"));
        assertFailedWith(ProxyError.ACCESS_DENIED);
    }

    @Test
    void acceptsTheClientsBytesOneAtATime() {
        startServer();
        Promise<ServerSession> login = startClient(ClientOptions.of("app", PASSWORD));
        client.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(collect(server))));
        ByteBuf response = collect(client);
        try {
            while (response.isReadable()) {
                server.writeInbound(response.readRetainedSlice(1));
            }
        } finally {
            response.release();
        }
        LoginWire.pump(client, server, false);

        assertThat(login.isSuccess()).as("%s", login.cause()).isTrue();
        assertThat(recorder.events(AuthenticatedClient.class)).hasSize(1);
    }

    private static ByteBuf collect(EmbeddedChannel channel) {
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            all.writeBytes(buf);
            buf.release();
        }
        return all;
    }

    @Test
    void refusesAWrongSequenceId() {
        startServer();
        greeting();

        server.writeInbound(LoginWire.frame(3, new byte[40]));

        assertThat(writtenErr(1).errorCode()).isEqualTo(1156);
        assertFailedWith(ProxyError.PACKETS_OUT_OF_ORDER);
    }

    @Test
    void refusesGarbageInsteadOfAHandshakeResponse() {
        startServer();
        greeting();

        server.writeInbound(LoginWire.frame(1, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

        ErrPacket err = writtenErr(2);
        assertThat(err.errorCode()).isEqualTo(1158);
        assertThat(err.sqlState()).isEqualTo("08S01");
        assertThat(err.message()).startsWith("Got an error reading communication packets: HandshakeResponse41");
        assertFailedWith(ProxyError.PROTOCOL_VIOLATION);
    }

    @Test
    void refusesALoginPacketOverTheLoginLimit() {
        startServer();
        greeting();

        server.writeInbound(LoginWire.frame(1, new byte[ClientHandshakeHandler.MAX_LOGIN_PAYLOAD + 1]));

        assertThat(writtenErr(2).errorCode()).isEqualTo(1153);
        assertFailedWith(ProxyError.PACKET_TOO_LARGE);
    }

    @Test
    void refusesAHeaderOverTheFrameLimitBeforeBufferingIt() {
        server = new EmbeddedChannel(new PacketFrameDecoder(1 << 20), PacketEncoder.INSTANCE,
                new ClientHandshakeHandler(settings(USERS, MysqlNativePassword.NAME, null), 42, false,
                        LoginAdmission.ACCEPT_ALL), recorder);
        greeting();

        // 2 MiB announced, four bytes sent: the decoder refuses on the header alone.
        server.writeInbound(Unpooled.buffer().writeMediumLE(2 << 20).writeByte(1));

        ErrPacket err = writtenErr(1);
        assertThat(err.errorCode()).isEqualTo(1158);
        assertThat(err.message()).contains("payload length", "2097152");
        assertFailedWith(ProxyError.PROTOCOL_VIOLATION);
    }

    @Test
    void refusesAnSslRequestWhenTlsIsNotConfigured() {
        startServer();
        greeting();
        byte[] sslRequest = new byte[32];
        int flags = (int) CapabilitySet.of(Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_SSL,
                Capability.CLIENT_MYSQL).lower();
        Unpooled.wrappedBuffer(sslRequest).writerIndex(0).writeIntLE(flags);

        server.writeInbound(LoginWire.frame(1, sslRequest));

        ErrPacket err = writtenErr(2);
        assertThat(err.errorCode()).isEqualTo(1158);
        assertThat(err.message()).contains("TLS is not configured");
        assertFailedWith(ProxyError.PROTOCOL_VIOLATION);
    }

    @Test
    void closesALoginThatTakesTooLong() {
        startServer();
        greeting();

        server.advanceTimeBy(10, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();

        ErrPacket err = writtenErr(1);
        assertThat(err.errorCode()).isEqualTo(1159);
        assertThat(err.message()).contains("10000 ms");
        assertFailedWith(ProxyError.LOGIN_TIMEOUT);
    }

    @Test
    void dropsWhatTheClientSendsAfterAFailure() {
        startServer();
        greeting();
        ByteBuf twoPackets = Unpooled.wrappedBuffer(LoginWire.frame(9, new byte[4]), LoginWire.frame(10, new byte[8]));

        server.writeInbound(twoPackets);

        assertThat(writtenErr(1).errorCode()).isEqualTo(1156);
        assertThat(recorder.messages).isEmpty();
        assertFailedWith(ProxyError.PACKETS_OUT_OF_ORDER);
    }
}
