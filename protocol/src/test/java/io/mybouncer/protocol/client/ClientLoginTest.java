package io.mybouncer.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.auth.AuthMoreData;
import io.mybouncer.protocol.auth.AuthSwitchRequest;
import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.CachingSha2Step;
import io.mybouncer.protocol.auth.ClearPassword;
import io.mybouncer.protocol.auth.HandshakeResponse41;
import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import io.mybouncer.protocol.auth.Scramble;
import io.mybouncer.protocol.auth.SslRequest;
import io.mybouncer.protocol.client.ClientLogin.LoginException;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.packet.ServerStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The login state machine against a scripted server built from the library's verifying halves. No
 * MySQL 8 runs on the build machine, so this is where caching_sha2_password, auth switches and the
 * client's refusals are proven; {@link MysqlClientIntegrationTest} covers the paths MariaDB takes.
 *
 * <p>The server checks what a real one would: the sequence id of every packet, the auth response
 * against a stored verifier, and the RSA ciphertext by decrypting it with its private key.
 */
class ClientLoginTest {
    private static final String USER = "app";
    /** The password the MySQL 8.4 golden vectors were computed with. */
    private static final String PASSWORD = "golden-pass";
    private static final byte[] PASSWORD_BYTES = PASSWORD.getBytes(StandardCharsets.UTF_8);
    private static final String MYSQL_GREETING = "connection/mysql-8.4-handshake-v10";
    private static final String MARIADB_GREETING = "connection/mariadb-10.11-handshake-v10";
    /** What the MySQL 8.4 golden greeting offers: every flag but CLIENT_CAPABILITY_EXTENSION. */
    private static final CapabilitySet MYSQL_OFFER = new CapabilitySet(0xDFFF_FFFFL);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static KeyPair serverKeys;

    @BeforeAll
    static void generateServerKeys() {
        serverKeys = RsaPasswordEncryptor.generateKeyPair(RANDOM);
    }

    private static ClientOptions options(String password) {
        return ClientOptions.of(USER, password);
    }

    @Test
    void fastAuthSucceedsAfterAMysql84Greeting() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(GoldenVectors.payloadBytes(MYSQL_GREETING));

        HandshakeResponse41 login = server.receiveLogin();
        assertThat(login.username()).isEqualTo(USER);
        assertThat(login.authPluginName()).isEqualTo(CachingSha2Password.NAME);
        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(PASSWORD_BYTES), server.scramble,
                login.authResponse())).isTrue();
        // Same password and scramble as the golden client login, so the same 32 bytes.
        assertThat(login.authResponse()).isEqualTo(decode(
                GoldenVectors.payloadBytes("connection/mysql-8.4-handshake-response41"), HandshakeResponse41::decode)
                .authResponse());

        server.moreData(CachingSha2Step.FAST_AUTH_SUCCESS.code());
        server.assertNothingSent();
        assertThat(server.session).isNull();
        server.ok();

        assertThat(server.failure).isNull();
        assertThat(server.session.authPlugin()).isEqualTo(CachingSha2Password.NAME);
        assertThat(server.session.serverVersion()).isEqualTo("8.4.3");
        assertThat(server.session.connectionId()).isEqualTo(42);
        assertThat(server.session.serverCapabilities()).isEqualTo(MYSQL_OFFER);
        assertThat(server.session.capabilities()).isEqualTo(login.capabilities());
        assertThat(server.session.tls()).isFalse();
        assertThat(server.session.status().autocommit()).isTrue();
    }

    @Test
    void fullAuthenticationOverAUnixSocketSendsThePasswordInClear() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), true);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();

        server.moreData(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.code());
        assertThat(server.receiveRaw()).isEqualTo((PASSWORD + "\0").getBytes(StandardCharsets.UTF_8));
        server.ok();

        assertThat(server.session.authPlugin()).isEqualTo(CachingSha2Password.NAME);
        assertThat(server.session.tls()).isFalse();
    }

    @Test
    void fullAuthenticationAfterATlsUpgradeSendsThePasswordInClear() {
        ScriptedServer server = new ScriptedServer(
                options(PASSWORD).withTls(TlsMode.REQUIRED, null).withDatabase("shop"), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));

        SslRequest sslRequest = server.receive(SslRequest::decode);
        assertThat(server.tlsRequests).isEqualTo(1);
        // Nothing may follow the SslRequest in the clear: the login waits for the TLS handshake.
        server.assertNothingSent();
        assertThat(sslRequest.capabilities().has(Capability.CLIENT_SSL)).isTrue();
        assertThat(sslRequest.maxPacketSize()).isEqualTo(ClientOptions.DEFAULT_MAX_PAYLOAD);
        assertThat(sslRequest.characterSet()).isEqualTo(ClientOptions.UTF8MB4_GENERAL_CI);

        server.login.onTlsEstablished();
        HandshakeResponse41 login = server.receiveLogin();
        assertThat(login.capabilities()).isEqualTo(sslRequest.capabilities());
        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(PASSWORD_BYTES), server.scramble,
                login.authResponse())).isTrue();

        server.moreData(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.code());
        assertThat(ClearPassword.verify(PASSWORD_BYTES, server.receiveRaw())).isTrue();
        server.ok();

        assertThat(server.sentSequenceIds).containsExactly(1, 2, 4);
        assertThat(server.session.tls()).isTrue();
        assertThat(server.session.capabilities().has(Capability.CLIENT_SSL)).isTrue();
    }

    @Test
    void fullAuthenticationOverPlainTcpEncryptsThePasswordWithTheServersPublicKey() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();

        server.moreData(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.code());
        assertThat(CachingSha2Step.isPublicKeyRequest(server.receiveRaw())).isTrue();
        server.moreData(RsaPasswordEncryptor.toPem((RSAPublicKey) serverKeys.getPublic())
                .getBytes(StandardCharsets.US_ASCII));
        byte[] encrypted = server.receiveRaw();
        assertThat(RsaPasswordEncryptor.decrypt(encrypted, server.scramble, (RSAPrivateKey) serverKeys.getPrivate(),
                RsaPasswordEncryptor.Padding.OAEP)).isEqualTo(PASSWORD_BYTES);
        server.ok();

        assertThat(server.session.authPlugin()).isEqualTo(CachingSha2Password.NAME);
    }

    @Test
    void everyPacketSentCarriesTheSequenceIdAfterTheServersLast() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();
        server.switchTo(AuthSwitchRequest.ofScramble(CachingSha2Password.NAME, server.newScramble()));
        server.receiveRaw();
        server.moreData(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.code());
        server.receiveRaw();
        server.moreData(RsaPasswordEncryptor.toPem((RSAPublicKey) serverKeys.getPublic())
                .getBytes(StandardCharsets.US_ASCII));
        server.receiveRaw();
        server.ok();

        // greeting 0, login 1, switch 2, response 3, full auth 4, key request 5, key 6, password 7, OK 8
        assertThat(server.sentSequenceIds).containsExactly(1, 3, 5, 7);
        assertThat(server.session).isNotNull();
    }

    @Test
    void switchesToMysqlNativePasswordWithTheNewScramble() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();
        byte[] greetingScramble = server.scramble;

        // MariaDB's form: the account's plugin and a fresh scramble followed by a NUL.
        server.switchTo(AuthSwitchRequest.ofScramble(MysqlNativePassword.NAME, server.newScramble()));
        byte[] response = server.receiveRaw();
        byte[] stored = MysqlNativePassword.storedHash(PASSWORD_BYTES);
        assertThat(MysqlNativePassword.verify(stored, server.scramble, response)).isTrue();
        assertThat(MysqlNativePassword.verify(stored, greetingScramble, response)).isFalse();
        server.ok();

        assertThat(server.session.authPlugin()).isEqualTo(MysqlNativePassword.NAME);
    }

    @Test
    void refusesASwitchToClearPasswordOverPlainTcp() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();

        server.switchTo(new AuthSwitchRequest(ClearPassword.NAME, new byte[0]));

        server.assertNothingSent();
        assertThat(server.failure).isInstanceOf(LoginException.class)
                .hasMessageContaining("mysql_clear_password")
                .hasMessageContaining("unencrypted TCP");
    }

    @Test
    void allowsASwitchToClearPasswordOverAUnixSocket() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), true);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();

        server.switchTo(new AuthSwitchRequest(ClearPassword.NAME, new byte[0]));
        assertThat(ClearPassword.verify(PASSWORD_BYTES, server.receiveRaw())).isTrue();
        server.ok();

        assertThat(server.session.authPlugin()).isEqualTo(ClearPassword.NAME);
    }

    @Test
    void refusesASwitchToAnUnknownPluginNamingIt() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receiveLogin();

        server.switchTo(new AuthSwitchRequest("auth_gssapi_client", "HTTP/db@EXAMPLE.COM\0".getBytes(
                StandardCharsets.US_ASCII)));

        server.assertNothingSent();
        assertThat(server.failure).isInstanceOf(LoginException.class).hasMessageContaining("'auth_gssapi_client'");
    }

    @Test
    void aWrongPasswordEndsWithTheServersAccessDenied() {
        ScriptedServer server = new ScriptedServer(options("not-the-password"), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        HandshakeResponse41 login = server.receiveLogin();
        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(PASSWORD_BYTES), server.scramble,
                login.authResponse())).isFalse();

        server.err(new ErrPacket(1045, "28000", "Access denied for user 'app'@'10.0.0.7' (using password: YES)"));

        assertThat(server.session).isNull();
        assertThat(server.failure).isInstanceOfSatisfying(MysqlServerException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1045);
            assertThat(e.sqlState()).isEqualTo("28000");
            assertThat(e).hasMessageContaining("Access denied for user 'app'");
        });
    }

    @Test
    void anErrInsteadOfTheGreetingFailsWithTheServersError() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);

        // Sent before the server knows the client's capabilities, so without a SQLSTATE marker.
        server.write(out -> new ErrPacket(1040, null, "Too many connections").encode(out, CapabilitySet.NONE));

        server.assertNothingSent();
        assertThat(server.failure).isInstanceOfSatisfying(MysqlServerException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(1040);
            assertThat(e).hasMessageContaining("Too many connections");
        });
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"REQUIRED", "VERIFY_CA"})
    void requiredTlsFailsBeforeSendingAnythingWhenTheServerDoesNotOfferIt(TlsMode mode) {
        // The CA file is never read: the login fails before any TLS handshake.
        ScriptedServer server = new ScriptedServer(options(PASSWORD).withTls(mode, Path.of("ca.pem")), false);

        server.greet(mysqlGreeting(MYSQL_OFFER.without(Capability.CLIENT_SSL), CachingSha2Password.NAME));

        server.assertNothingSent();
        assertThat(server.tlsRequests).isZero();
        assertThat(server.failure).isInstanceOf(LoginException.class).hasMessageContaining("CLIENT_SSL");
    }

    @Test
    void preferredTlsLogsInWithoutTlsWhenTheServerDoesNotOfferIt() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD).withTls(TlsMode.PREFERRED, null), false);
        server.greet(mysqlGreeting(MYSQL_OFFER.without(Capability.CLIENT_SSL), CachingSha2Password.NAME));

        HandshakeResponse41 login = server.receiveLogin();
        server.moreData(CachingSha2Step.FAST_AUTH_SUCCESS.code());
        server.ok();

        assertThat(server.tlsRequests).isZero();
        assertThat(login.capabilities().has(Capability.CLIENT_SSL)).isFalse();
        assertThat(server.session.tls()).isFalse();
    }

    @Test
    void asksOnlyForCapabilitiesTheServerOffersAndNamesTheDatabase() {
        CapabilitySet offer = MYSQL_OFFER.without(Capability.CLIENT_DEPRECATE_EOF);
        ScriptedServer server = new ScriptedServer(options(PASSWORD).withDatabase("shop").withDeprecateEof(true)
                .withMultiStatements(true), false);
        server.greet(mysqlGreeting(offer, CachingSha2Password.NAME));

        HandshakeResponse41 login = server.receiveLogin();
        assertThat(login.capabilities().toEnumSet()).containsExactlyInAnyOrder(
                Capability.CLIENT_MYSQL, Capability.CLIENT_LONG_FLAG, Capability.CLIENT_CONNECT_WITH_DB,
                Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_TRANSACTIONS, Capability.CLIENT_RESERVED2,
                Capability.CLIENT_MULTI_STATEMENTS, Capability.CLIENT_MULTI_RESULTS,
                Capability.CLIENT_PS_MULTI_RESULTS, Capability.CLIENT_PLUGIN_AUTH, Capability.CLIENT_CONNECT_ATTRS,
                Capability.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA, Capability.CLIENT_SESSION_TRACK);
        assertThat(login.database()).isEqualTo("shop");

        server.moreData(CachingSha2Step.FAST_AUTH_SUCCESS.code());
        server.ok();
        assertThat(server.session.capabilities()).isEqualTo(login.capabilities());
        assertThat(server.session.capabilities().deprecateEof()).isFalse();
    }

    @Test
    void leavesConnectWithDbClearWithoutADatabase() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));

        HandshakeResponse41 login = server.receiveLogin();

        assertThat(login.capabilities().has(Capability.CLIENT_CONNECT_WITH_DB)).isFalse();
        assertThat(login.database()).isNull();
    }

    @Test
    void answersAMariaDbGreetingWithNativePasswordAndNoExtendedCapabilities() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(GoldenVectors.payloadBytes(MARIADB_GREETING));

        HandshakeResponse41 login = server.receiveLogin();
        assertThat(login.authPluginName()).isEqualTo(MysqlNativePassword.NAME);
        assertThat(MysqlNativePassword.verify(MysqlNativePassword.storedHash(PASSWORD_BYTES), server.scramble,
                login.authResponse())).isTrue();
        // CLIENT_MYSQL set tells MariaDB the last filler bytes are not extended capabilities.
        assertThat(login.capabilities().has(Capability.CLIENT_MYSQL)).isTrue();
        assertThat(login.capabilities().upper()).isZero();
        server.ok();

        assertThat(server.session.serverVersion()).isEqualTo("5.5.5-10.11.19-MariaDB-0+deb12u1");
        assertThat(server.session.authPlugin()).isEqualTo(MysqlNativePassword.NAME);
    }

    @Test
    void connectAttributesArriveIntact() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_client_name", "mybouncer");
        attributes.put("_pid", "4242");
        attributes.put("program_name", "prefork-server wörker");
        attributes.put("empty", "");
        ClientOptions options = ClientOptions.of(USER, PASSWORD).withConnectAttributes(attributes);
        ScriptedServer server = new ScriptedServer(options, false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));

        HandshakeResponse41 login = server.receiveLogin();

        assertThat(login.capabilities().has(Capability.CLIENT_CONNECT_ATTRS)).isTrue();
        assertThat(login.connectAttributes()).isEqualTo(attributes);
    }

    @Test
    void omitsConnectAttributesWhenTheServerDoesNotOfferThem() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(MYSQL_OFFER.without(Capability.CLIENT_CONNECT_ATTRS), CachingSha2Password.NAME));

        HandshakeResponse41 login = server.receiveLogin();

        assertThat(server.failure).isNull();
        assertThat(login.capabilities().has(Capability.CLIENT_CONNECT_ATTRS)).isFalse();
        assertThat(login.connectAttributes()).isNull();
    }

    @Test
    void anEmptyPasswordProducesEmptyAuthResponses() {
        byte[] empty = new byte[0];
        ScriptedServer server = new ScriptedServer(options(""), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));

        HandshakeResponse41 login = server.receiveLogin();
        assertThat(login.authResponse()).isEmpty();
        assertThat(CachingSha2Password.verify(CachingSha2Password.storedHash(empty), server.scramble,
                login.authResponse())).isTrue();
        server.switchTo(AuthSwitchRequest.ofScramble(MysqlNativePassword.NAME, server.newScramble()));
        byte[] response = server.receiveRaw();
        assertThat(response).isEmpty();
        assertThat(MysqlNativePassword.verify(MysqlNativePassword.storedHash(empty), server.scramble, response))
                .isTrue();
        server.ok();

        assertThat(server.session).isNotNull();
    }

    @Test
    void authMoreDataForMysqlNativePasswordIsAProtocolError() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(GoldenVectors.payloadBytes(MARIADB_GREETING));
        server.receiveLogin();

        server.moreData(CachingSha2Step.FAST_AUTH_SUCCESS.code());

        assertThat(server.failure).isInstanceOf(ProtocolException.class).hasMessageContaining("mysql_native_password");
    }

    @Test
    void logsInToAServerWithoutPluginAuthWithNativePasswordAndNoPluginName() {
        // A pre-5.5 server: no CLIENT_PLUGIN_AUTH, so no plugin name in either direction.
        CapabilitySet offer = MYSQL_OFFER.without(Capability.CLIENT_PLUGIN_AUTH);
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(mysqlGreeting(offer, null));

        HandshakeResponse41 login = server.receiveLogin();
        assertThat(login.capabilities().has(Capability.CLIENT_PLUGIN_AUTH)).isFalse();
        assertThat(login.authPluginName()).isNull();
        assertThat(MysqlNativePassword.verify(MysqlNativePassword.storedHash(PASSWORD_BYTES), server.scramble,
                login.authResponse())).isTrue();
        server.ok();

        assertThat(server.session.authPlugin()).isEqualTo(MysqlNativePassword.NAME);
    }

    @Test
    void aPacketWhileWaitingForTlsIsAProtocolError() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD).withTls(TlsMode.REQUIRED, null), false);
        server.greet(mysqlGreeting(MYSQL_OFFER, CachingSha2Password.NAME));
        server.receive(SslRequest::decode);

        // Anything in the clear between SslRequest and TLS could be injected by a man in the middle.
        server.ok();

        server.assertNothingSent();
        assertThat(server.failure).isInstanceOf(ProtocolException.class).hasMessageContaining("AWAIT_TLS");
    }

    @Test
    void aPacketAfterTheLoginEndedIsAProtocolError() {
        ScriptedServer server = new ScriptedServer(options(PASSWORD), false);
        server.greet(GoldenVectors.payloadBytes(MARIADB_GREETING));
        server.receiveLogin();
        server.ok();
        assertThat(server.session).isNotNull();

        server.ok();

        server.assertNothingSent();
        assertThat(server.failure).isInstanceOf(ProtocolException.class).hasMessageContaining("DONE");
    }

    private static <T> T decode(byte[] payload, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            return decoder.apply(buf);
        } finally {
            buf.release();
        }
    }

    /** A MySQL 8.4-style greeting with a fresh scramble, as a server makes one per connection. */
    private static HandshakeV10 mysqlGreeting(CapabilitySet offer, String plugin) {
        return new HandshakeV10("8.4.3", 42, Scramble.generate(RANDOM).bytes(), offer, 255,
                new ServerStatus(ServerStatus.AUTOCOMMIT), plugin);
    }

    /**
     * The server side of one connection. It writes its packets to the login under test as the frame
     * decoder would hand them over, and checks that the login leaves them to their owner. It takes
     * the client's packets in order, checks each sequence id against its own count (the client must
     * answer with the id after the server's last), decodes and releases them.
     */
    private static final class ScriptedServer implements ClientLogin.Output {
        final ClientLogin login;
        /** Packets the client sent that the test has not taken yet; released when taken. */
        private final Deque<Packet> fromClient = new ArrayDeque<>();
        final List<Integer> sentSequenceIds = new ArrayList<>();
        /** The sequence id of the next packet on the wire, in either direction. */
        private int sequenceId;
        /** The scramble of the last greeting or auth switch: what the client must answer. */
        byte[] scramble;
        /** What the client asked for in its login; OK and ERR are encoded for these. */
        private CapabilitySet clientCapabilities = CapabilitySet.NONE;
        int tlsRequests;
        ServerSession session;
        Exception failure;

        ScriptedServer(ClientOptions options, boolean localSocket) {
            login = new ClientLogin(options, localSocket, ByteBufAllocator.DEFAULT, this);
        }

        void greet(HandshakeV10 greeting) {
            scramble = greeting.authPluginData();
            write(greeting::encode);
        }

        /** Writes a greeting's bytes as they are, keeping its scramble. */
        void greet(byte[] payload) {
            scramble = decode(payload, HandshakeV10::decode).authPluginData();
            write(out -> out.writeBytes(payload));
        }

        byte[] newScramble() {
            scramble = Scramble.generate(RANDOM).bytes();
            return scramble;
        }

        void switchTo(AuthSwitchRequest request) {
            write(request::encode);
        }

        void moreData(byte... data) {
            write(new AuthMoreData(data)::encode);
        }

        void ok() {
            write(out -> OkPacket.of(0, 0, new ServerStatus(ServerStatus.AUTOCOMMIT), 0)
                    .encode(out, clientCapabilities));
        }

        void err(ErrPacket err) {
            write(out -> err.encode(out, clientCapabilities));
        }

        void write(Consumer<ByteBuf> payload) {
            ByteBuf buf = Unpooled.buffer();
            payload.accept(buf);
            Packet packet = new Packet(sequenceId, buf);
            sequenceId = (sequenceId + 1) & 0xFF;
            try {
                login.onPacket(packet);
                assertThat(packet.refCnt()).as("the caller keeps ownership of a fed packet").isEqualTo(1);
            } finally {
                packet.release();
            }
        }

        HandshakeResponse41 receiveLogin() {
            HandshakeResponse41 response = receive(HandshakeResponse41::decode);
            clientCapabilities = response.capabilities();
            return response;
        }

        byte[] receiveRaw() {
            return receive(ByteBufUtil::getBytes);
        }

        /** Decodes the client's next packet, which must carry the next sequence id. */
        <T> T receive(Function<ByteBuf, T> decoder) {
            assertThat(failure).as("the login failed").isNull();
            Packet packet = fromClient.poll();
            assertThat(packet).as("a packet from the client").isNotNull();
            try {
                assertThat(packet.sequenceId()).as("sequence id").isEqualTo(sequenceId);
                sequenceId = (sequenceId + 1) & 0xFF;
                return decoder.apply(packet.content());
            } finally {
                packet.release();
            }
        }

        void assertNothingSent() {
            assertThat(fromClient).isEmpty();
        }

        @Override
        public void send(Packet packet) {
            assertThat(packet.refCnt()).as("a sent packet passes one reference").isEqualTo(1);
            sentSequenceIds.add(packet.sequenceId());
            fromClient.add(packet);
        }

        @Override
        public void startTls() {
            assertThat(fromClient).as("the SslRequest goes out before the TLS handshake").hasSize(1);
            tlsRequests++;
        }

        @Override
        public void succeeded(ServerSession result) {
            assertThat(session).as("an earlier success").isNull();
            assertThat(failure).as("an earlier failure").isNull();
            session = result;
        }

        /** Reported once; may follow a success when the server keeps talking after its OK. */
        @Override
        public void failed(Exception cause) {
            assertThat(failure).as("an earlier failure").isNull();
            failure = cause;
        }
    }
}
