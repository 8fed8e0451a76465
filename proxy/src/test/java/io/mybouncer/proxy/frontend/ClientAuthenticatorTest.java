package io.mybouncer.proxy.frontend;

import static io.mybouncer.protocol.packet.Capability.CLIENT_PLUGIN_AUTH;
import static io.mybouncer.protocol.packet.Capability.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA;
import static io.mybouncer.protocol.packet.Capability.CLIENT_PROTOCOL_41;
import static io.mybouncer.protocol.packet.Capability.CLIENT_RESERVED2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.CachingSha2Step;
import io.mybouncer.protocol.auth.ClearPassword;
import io.mybouncer.protocol.auth.HandshakeResponse41;
import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import io.mybouncer.protocol.auth.Scramble;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientAuthenticatorTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PASSWORD = "s3cret-pässword".getBytes(StandardCharsets.UTF_8);
    private static final CapabilitySet PLUGGABLE = CapabilitySet.of(CLIENT_PROTOCOL_41, CLIENT_RESERVED2,
            CLIENT_PLUGIN_AUTH, CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA);
    private static final CapabilitySet NO_PLUGIN_AUTH = CapabilitySet.of(CLIENT_PROTOCOL_41, CLIENT_RESERVED2);
    private static final ClientTransport PLAIN_TCP = new ClientTransport(false, false, "10.0.0.7");
    private static final ClientTransport TLS = new ClientTransport(true, false, "10.0.0.7");
    private static final ClientTransport UNIX_SOCKET = new ClientTransport(false, true, "localhost");

    private final byte[] scramble = Scramble.generate(RANDOM).bytes();
    private final UserDirectory users = UserDirectory.of(Map.of(
            "app", ClientCredentials.ofPassword(PASSWORD),
            "legacy", ClientCredentials.ofNativeHash(
                    MysqlNativePassword.toHashString(MysqlNativePassword.storedHash(PASSWORD))),
            "nopass", ClientCredentials.ofPassword(new byte[0])));

    private ClientAuthenticator authenticator(UserDirectory directory, ClientTransport transport) {
        return new ClientAuthenticator(directory, transport, scramble, RsaKeys.PAIR, RANDOM);
    }

    private static HandshakeResponse41 login(CapabilitySet capabilities, String user, byte[] response, String plugin) {
        return new HandshakeResponse41(capabilities, 1 << 24, 45, user, response, null,
                capabilities.has(CLIENT_PLUGIN_AUTH) ? plugin : null, null, null);
    }

    private HandshakeResponse41 nativeLogin(String user, byte[] password) {
        return login(PLUGGABLE, user, MysqlNativePassword.INSTANCE.computeResponse(password, scramble),
                MysqlNativePassword.NAME);
    }

    private HandshakeResponse41 sha2Login(String user, byte[] password) {
        return login(PLUGGABLE, user, CachingSha2Password.INSTANCE.computeResponse(password, scramble),
                CachingSha2Password.NAME);
    }

    @Test
    void acceptsTheRightNativePassword() {
        AuthDecision decision = authenticator(users, PLAIN_TCP).onHandshakeResponse(nativeLogin("app", PASSWORD));

        assertThat(decision).isEqualTo(new AuthDecision.Accept("app", MysqlNativePassword.NAME, false, null));
    }

    @Test
    void refusesAWrongNativePasswordWithAccessDenied() {
        AuthDecision decision = authenticator(users, PLAIN_TCP)
                .onHandshakeResponse(nativeLogin("app", "wrong".getBytes(StandardCharsets.UTF_8)));

        assertDenied(decision, ProxyError.ACCESS_DENIED, "Access denied for user 'app'@'10.0.0.7' (using password: YES)");
        assertThat(((AuthDecision.Deny) decision).packet().errorCode()).isEqualTo(1045);
        assertThat(((AuthDecision.Deny) decision).packet().sqlState()).isEqualTo("28000");
    }

    @Test
    void refusesAnUnknownUserWithTheSameMessageAsAWrongPassword() {
        AuthDecision unknownNative = authenticator(users, PLAIN_TCP).onHandshakeResponse(nativeLogin("ghost", PASSWORD));
        AuthDecision unknownSha2 = authenticator(users, PLAIN_TCP).onHandshakeResponse(sha2Login("ghost", PASSWORD));

        assertDenied(unknownNative, ProxyError.ACCESS_DENIED,
                "Access denied for user 'ghost'@'10.0.0.7' (using password: YES)");
        assertDenied(unknownSha2, ProxyError.ACCESS_DENIED,
                "Access denied for user 'ghost'@'10.0.0.7' (using password: YES)");
    }

    @Test
    void saysNoPasswordWasUsedForAnEmptyResponse() {
        AuthDecision decision = authenticator(users, PLAIN_TCP).onHandshakeResponse(nativeLogin("app", new byte[0]));

        assertDenied(decision, ProxyError.ACCESS_DENIED, "Access denied for user 'app'@'10.0.0.7' (using password: NO)");
    }

    @Test
    void acceptsAnEmptyPasswordWithEitherPlugin() {
        assertThat(authenticator(users, PLAIN_TCP).onHandshakeResponse(nativeLogin("nopass", new byte[0])))
                .isInstanceOf(AuthDecision.Accept.class);
        assertThat(authenticator(users, PLAIN_TCP).onHandshakeResponse(sha2Login("nopass", new byte[0])))
                .isInstanceOf(AuthDecision.Accept.class);
        // libmysqlclient answers caching_sha2_password with a lone NUL for an empty password.
        assertThat(authenticator(users, PLAIN_TCP).onHandshakeResponse(
                login(PLUGGABLE, "nopass", new byte[] {0}, CachingSha2Password.NAME)))
                .isInstanceOf(AuthDecision.Accept.class);
    }

    @Test
    void acceptsCachingSha2FastAuthWithTheFastAuthSignal() {
        AuthDecision decision = authenticator(users, PLAIN_TCP).onHandshakeResponse(sha2Login("app", PASSWORD));

        assertThat(decision).isEqualTo(new AuthDecision.Accept("app", CachingSha2Password.NAME, true, null));
    }

    @Test
    void refusesAWrongCachingSha2PasswordWithoutFullAuthentication() {
        AuthDecision decision = authenticator(users, PLAIN_TCP)
                .onHandshakeResponse(sha2Login("app", "wrong".getBytes(StandardCharsets.UTF_8)));

        assertDenied(decision, ProxyError.ACCESS_DENIED, "Access denied for user 'app'@'10.0.0.7' (using password: YES)");
    }

    @Test
    void switchesANativeHashUserFromCachingSha2ToNativeWithAFreshScramble() {
        ClientAuthenticator authenticator = authenticator(users, PLAIN_TCP);

        AuthDecision first = authenticator.onHandshakeResponse(sha2Login("legacy", PASSWORD));

        assertThat(first).isInstanceOf(AuthDecision.SwitchPlugin.class);
        var request = ((AuthDecision.SwitchPlugin) first).request();
        assertThat(request.pluginName()).isEqualTo(MysqlNativePassword.NAME);
        assertThat(request.scramble()).hasSize(20).isNotEqualTo(scramble);
        assertThat(request.pluginData()).endsWith((byte) 0);
        byte[] answer = MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, request.scramble());
        assertThat(authenticator.onAuthResponse(answer))
                .isEqualTo(new AuthDecision.Accept("legacy", MysqlNativePassword.NAME, false, null));
    }

    @Test
    void refusesAWrongPasswordAfterASwitch() {
        ClientAuthenticator authenticator = authenticator(users, PLAIN_TCP);
        var request = ((AuthDecision.SwitchPlugin) authenticator.onHandshakeResponse(sha2Login("legacy", PASSWORD)))
                .request();

        // Answering the greeting's scramble instead of the switch's is a wrong answer too.
        AuthDecision decision = authenticator.onAuthResponse(
                MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, scramble));

        assertThat(request.scramble()).isNotEqualTo(scramble);
        assertDenied(decision, ProxyError.ACCESS_DENIED,
                "Access denied for user 'legacy'@'10.0.0.7' (using password: YES)");
    }

    @Test
    void switchesAClientThatAnsweredWithAPluginTheProxyDoesNotVerify() {
        AuthDecision decision = authenticator(users, PLAIN_TCP)
                .onHandshakeResponse(login(PLUGGABLE, "app", new byte[64], "client_ed25519"));

        assertThat(decision).isInstanceOf(AuthDecision.SwitchPlugin.class);
        assertThat(((AuthDecision.SwitchPlugin) decision).request().pluginName()).isEqualTo(MysqlNativePassword.NAME);
    }

    @Test
    void treatsAClientWithoutPluginAuthAsNative() {
        HandshakeResponse41 response = login(NO_PLUGIN_AUTH, "app",
                MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, scramble), null);

        assertThat(authenticator(users, PLAIN_TCP).onHandshakeResponse(response))
                .isEqualTo(new AuthDecision.Accept("app", MysqlNativePassword.NAME, false, null));
    }

    @Test
    void refusesAPassthroughUserWhoseClientCannotSwitchPlugins() {
        HandshakeResponse41 response = login(NO_PLUGIN_AUTH, "anyone",
                MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, scramble), null);

        AuthDecision decision = authenticator(UserDirectory.passthrough(), TLS).onHandshakeResponse(response);

        assertDenied(decision, ProxyError.AUTH_PLUGIN_REQUIRED,
                "Client does not support authentication protocol requested by server: user 'anyone' needs"
                        + " caching_sha2_password; use a client that supports pluggable authentication");
        assertThat(((AuthDecision.Deny) decision).packet().errorCode()).isEqualTo(1251);
    }

    @Test
    void revealsAPassthroughPasswordOverTlsAfterSwitchingANativeClient() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), TLS);

        AuthDecision first = authenticator.onHandshakeResponse(nativeLogin("anyone", PASSWORD));
        assertThat(first).isInstanceOf(AuthDecision.SwitchPlugin.class);
        var request = ((AuthDecision.SwitchPlugin) first).request();
        assertThat(request.pluginName()).isEqualTo(CachingSha2Password.NAME);

        AuthDecision second = authenticator.onAuthResponse(
                CachingSha2Password.INSTANCE.computeResponse(PASSWORD, request.scramble()));
        assertThat(second).isInstanceOf(AuthDecision.RequestFullAuthentication.class);

        AuthDecision last = authenticator.onAuthResponse(ClearPassword.INSTANCE.computeResponse(PASSWORD, null));
        assertRevealed(last, "anyone");
        assertThat(authenticator.isDone()).isTrue();
    }

    @Test
    void revealsAPassthroughPasswordOverTheUnixSocketWithoutASwitch() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), UNIX_SOCKET);

        assertThat(authenticator.onHandshakeResponse(sha2Login("anyone", PASSWORD)))
                .isInstanceOf(AuthDecision.RequestFullAuthentication.class);
        assertRevealed(authenticator.onAuthResponse(ClearPassword.INSTANCE.computeResponse(PASSWORD, null)), "anyone");
    }

    @Test
    void sendsThePublicKeyOverPlainTcpAndDecryptsTheRsaPassword() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), PLAIN_TCP);
        authenticator.onHandshakeResponse(sha2Login("anyone", PASSWORD));

        AuthDecision key = authenticator.onAuthResponse(new byte[] {CachingSha2Step.REQUEST_PUBLIC_KEY.code()});

        assertThat(key).isInstanceOf(AuthDecision.SendPublicKey.class);
        RSAPublicKey publicKey = RsaPasswordEncryptor.parsePublicKey(((AuthDecision.SendPublicKey) key).pem());
        assertThat(publicKey).isEqualTo(RsaKeys.PAIR.getPublic());
        byte[] encrypted = RsaPasswordEncryptor.encrypt(PASSWORD, scramble, publicKey, RsaPasswordEncryptor.Padding.OAEP);
        assertRevealed(authenticator.onAuthResponse(encrypted), "anyone");
    }

    @Test
    void decryptsPkcs1PaddingAsConnectorJUsesForOldServerVersions() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), PLAIN_TCP);
        authenticator.onHandshakeResponse(sha2Login("anyone", PASSWORD));

        // A client that already holds the key sends the ciphertext without asking for it.
        byte[] encrypted = RsaPasswordEncryptor.encrypt(PASSWORD, scramble, (RSAPublicKey) RsaKeys.PAIR.getPublic(),
                RsaPasswordEncryptor.Padding.PKCS1);

        assertRevealed(authenticator.onAuthResponse(encrypted), "anyone");
    }

    @Test
    void refusesRsaCiphertextBoundToAnotherScramble() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), PLAIN_TCP);
        authenticator.onHandshakeResponse(sha2Login("anyone", PASSWORD));
        authenticator.onAuthResponse(new byte[] {CachingSha2Step.REQUEST_PUBLIC_KEY.code()});
        // Another login's scramble, different in every byte: a random one equals this login's at the
        // position of the password's NUL now and then, and the replay would then decrypt cleanly.
        byte[] otherScramble = scramble.clone();
        for (int i = 0; i < otherScramble.length; i++) {
            otherScramble[i] = (byte) (otherScramble[i] % 127 + 1);
        }
        byte[] replayed = RsaPasswordEncryptor.encrypt(PASSWORD, otherScramble,
                (RSAPublicKey) RsaKeys.PAIR.getPublic(), RsaPasswordEncryptor.Padding.OAEP);

        AuthDecision decision = authenticator.onAuthResponse(replayed);

        assertThat(decision).isInstanceOf(AuthDecision.Deny.class);
        assertThat(((AuthDecision.Deny) decision).error()).isEqualTo(ProxyError.ACCESS_DENIED);
    }

    @Test
    void refusesAPlaintextPasswordOverPlainTcpAndSaysWhatToUse() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), PLAIN_TCP);
        authenticator.onHandshakeResponse(sha2Login("anyone", PASSWORD));

        AuthDecision decision = authenticator.onAuthResponse(ClearPassword.INSTANCE.computeResponse(PASSWORD, null));

        assertThat(decision).isInstanceOf(AuthDecision.Deny.class);
        AuthDecision.Deny deny = (AuthDecision.Deny) decision;
        assertThat(deny.error()).isEqualTo(ProxyError.SECURE_TRANSPORT_REQUIRED);
        assertThat(deny.packet().errorCode()).isEqualTo(3159);
        assertThat(deny.packet().message()).contains("'anyone'", "TLS", "Unix socket", "allowPublicKeyRetrieval=true")
                .doesNotContain(new String(PASSWORD, StandardCharsets.UTF_8));
    }

    @Test
    void acceptsAnEmptyPassthroughPasswordWithoutFullAuthentication() {
        AuthDecision decision = authenticator(UserDirectory.passthrough(), PLAIN_TCP)
                .onHandshakeResponse(login(PLUGGABLE, "anyone", new byte[] {0}, CachingSha2Password.NAME));

        assertThat(decision).isInstanceOf(AuthDecision.Accept.class);
        assertThat(((AuthDecision.Accept) decision).password().bytes()).isEmpty();
    }

    @Test
    void reportsAClearPasswordWithoutItsNulAsAProtocolError() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), TLS);
        authenticator.onHandshakeResponse(sha2Login("anyone", PASSWORD));

        assertThatThrownBy(() -> authenticator.onAuthResponse(PASSWORD)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void refusesToBeFedAfterItsDecision() {
        ClientAuthenticator authenticator = authenticator(users, PLAIN_TCP);
        authenticator.onHandshakeResponse(nativeLogin("app", PASSWORD));

        assertThatThrownBy(() -> authenticator.onAuthResponse(new byte[20])).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> authenticator.onHandshakeResponse(nativeLogin("app", PASSWORD)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void verifiesTheMariaDbCliCaptureAgainstItsGreeting() {
        // Real bytes: the mariadb CLI answering MariaDB 10.11's greeting as golden / golden-pass.
        byte[] greetingScramble;
        ByteBuf greeting = GoldenVectors.payload("connection/mariadb-10.11-handshake-v10");
        ByteBuf login = GoldenVectors.payload("connection/mariadb-cli-handshake-response41");
        HandshakeResponse41 response;
        try {
            greetingScramble = HandshakeV10.decode(greeting).authPluginData();
            response = HandshakeResponse41.decode(login);
        } finally {
            greeting.release();
            login.release();
        }
        UserDirectory golden = UserDirectory.of(Map.of("golden",
                ClientCredentials.ofPassword("golden-pass".getBytes(StandardCharsets.UTF_8))));

        AuthDecision decision = new ClientAuthenticator(golden, PLAIN_TCP, greetingScramble, RsaKeys.PAIR, RANDOM)
                .onHandshakeResponse(response);

        assertThat(decision).isEqualTo(new AuthDecision.Accept("golden", MysqlNativePassword.NAME, false, null));
    }

    @Test
    void changeUserAlwaysSwitchesWithAFreshScrambleThenVerifies() {
        ClientAuthenticator authenticator = authenticator(users, PLAIN_TCP);
        // The command answers the greeting's scramble, which is not used a second time.
        ComChangeUser command = new ComChangeUser("app",
                MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, scramble), "", 45, MysqlNativePassword.NAME,
                Map.of());

        AuthDecision first = authenticator.onChangeUser(command, true);

        assertThat(first).isInstanceOf(AuthDecision.SwitchPlugin.class);
        var request = ((AuthDecision.SwitchPlugin) first).request();
        assertThat(request.pluginName()).isEqualTo(MysqlNativePassword.NAME);
        assertThat(request.scramble()).isNotEqualTo(scramble);
        assertThat(authenticator.onAuthResponse(MysqlNativePassword.INSTANCE.computeResponse(PASSWORD, request.scramble())))
                .isEqualTo(new AuthDecision.Accept("app", MysqlNativePassword.NAME, false, null));
    }

    @Test
    void changeUserRefusesAWrongPasswordOrAnUnknownUserAlike() {
        for (String user : new String[] {"app", "ghost"}) {
            ClientAuthenticator authenticator = authenticator(users, PLAIN_TCP);
            var request = ((AuthDecision.SwitchPlugin) authenticator.onChangeUser(
                    new ComChangeUser(user, new byte[20], "", 0, CachingSha2Password.NAME, Map.of()), true)).request();
            assertThat(request.pluginName()).isEqualTo(CachingSha2Password.NAME);

            AuthDecision decision = authenticator.onAuthResponse(CachingSha2Password.INSTANCE.computeResponse(
                    "wrong".getBytes(StandardCharsets.UTF_8), request.scramble()));

            assertDenied(decision, ProxyError.ACCESS_DENIED,
                    "Access denied for user '" + user + "'@'10.0.0.7' (using password: YES)");
        }
    }

    @Test
    void changeUserTakesAPassthroughUserThroughFullAuthentication() {
        ClientAuthenticator authenticator = authenticator(UserDirectory.passthrough(), UNIX_SOCKET);

        AuthDecision first = authenticator.onChangeUser(
                new ComChangeUser("anyone", new byte[20], "", 0, MysqlNativePassword.NAME, Map.of()), true);
        var request = ((AuthDecision.SwitchPlugin) first).request();
        assertThat(request.pluginName()).isEqualTo(CachingSha2Password.NAME);
        assertThat(authenticator.onAuthResponse(CachingSha2Password.INSTANCE.computeResponse(PASSWORD,
                request.scramble()))).isInstanceOf(AuthDecision.RequestFullAuthentication.class);

        assertRevealed(authenticator.onAuthResponse(ClearPassword.INSTANCE.computeResponse(PASSWORD, null)), "anyone");
    }

    @Test
    void changeUserNeedsAClientThatCanSwitchPlugins() {
        AuthDecision decision = authenticator(users, PLAIN_TCP).onChangeUser(
                new ComChangeUser("app", new byte[20], "", 0, "", Map.of()), false);

        assertDenied(decision, ProxyError.AUTH_PLUGIN_REQUIRED,
                "Client does not support authentication protocol requested by server: user 'app' needs"
                        + " mysql_native_password; use a client that supports pluggable authentication");
    }

    private static void assertDenied(AuthDecision decision, ProxyError error, String message) {
        assertThat(decision).isInstanceOf(AuthDecision.Deny.class);
        AuthDecision.Deny deny = (AuthDecision.Deny) decision;
        assertThat(deny.error()).isEqualTo(error);
        assertThat(deny.packet().errorCode()).isEqualTo(error.code());
        assertThat(deny.packet().sqlState()).isEqualTo(error.sqlState());
        assertThat(deny.packet().message()).isEqualTo(message);
    }

    private static void assertRevealed(AuthDecision decision, String user) {
        assertThat(decision).isInstanceOf(AuthDecision.Accept.class);
        AuthDecision.Accept accept = (AuthDecision.Accept) decision;
        assertThat(accept.user()).isEqualTo(user);
        assertThat(accept.fastAuthSuccess()).isFalse();
        assertThat(accept.password().bytes()).isEqualTo(PASSWORD);
        assertThat(accept.password().toString()).doesNotContain(new String(PASSWORD, StandardCharsets.UTF_8));
    }
}
