package io.mybouncer.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mybouncer.protocol.auth.AuthSwitchRequest;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import io.mybouncer.protocol.command.ComChangeUser;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.ClientCredentials;
import io.mybouncer.proxy.frontend.ClientTransport;
import io.mybouncer.proxy.frontend.FrontendSettings;
import io.mybouncer.proxy.frontend.LoginAdmission;
import io.mybouncer.proxy.frontend.ServerIdentity;
import io.mybouncer.proxy.frontend.UserDirectory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * COM_CHANGE_USER on an {@link EmbeddedChannel} standing for the client: the packets and sequence
 * ids the client sees, what the new login takes from the command and what it keeps, what a refusal
 * and a broken sequence do to the connection, and the refusal of every change after three failures.
 */
class UserChangesTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] PASSWORD = "other-pass".getBytes(StandardCharsets.UTF_8);
    private static final CapabilitySet CAPABILITIES = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41,
            Capability.CLIENT_RESERVED2, Capability.CLIENT_PLUGIN_AUTH, Capability.CLIENT_CONNECT_ATTRS,
            Capability.CLIENT_DEPRECATE_EOF);
    private static final FrontendSettings SETTINGS = new FrontendSettings(
            new ServerIdentity("10.11.19-MariaDB", CAPABILITIES, 45), MysqlNativePassword.NAME, null, false,
            Duration.ofSeconds(10), 1 << 24,
            UserDirectory.of(Map.of("other", ClientCredentials.ofPassword(PASSWORD))),
            RsaPasswordEncryptor.generateKeyPair(RANDOM), RANDOM);
    private static final AuthenticatedClient CURRENT = new AuthenticatedClient("app", "shop", 33, CAPABILITIES,
            Map.of("_pid", "4242"), new ClientTransport(false, false, "10.0.0.7"), null);

    private final EmbeddedChannel client = new EmbeddedChannel();
    private final List<AuthenticatedClient> changed = new ArrayList<>();
    private int refused;
    private final UserChanges changes = new UserChanges(client, SETTINGS, LoginAdmission.ACCEPT_ALL, changed::add,
            () -> refused++);

    @AfterEach
    void finish() {
        client.close();
        assertFalse(client.finish(), "unread packets left");
    }

    /** Sends the command and returns the scramble of the auth switch that answers it (sequence id 1). */
    private byte[] startWith(ComChangeUser command) {
        changes.start(command, 0, CURRENT);
        Packet written = client.readOutbound();
        try {
            assertThat(written.sequenceId()).isEqualTo(1);
            AuthSwitchRequest request = AuthSwitchRequest.decode(written.content());
            assertThat(request.pluginName()).isEqualTo(MysqlNativePassword.NAME);
            return request.scramble();
        } finally {
            written.release();
        }
    }

    private void answer(int sequenceId, byte[] password, byte[] scramble) {
        Packet answer = new Packet(sequenceId,
                Unpooled.wrappedBuffer(MysqlNativePassword.INSTANCE.computeResponse(password, scramble)));
        try {
            changes.onPacket(answer);
        } finally {
            answer.release();
        }
    }

    private ErrPacket writtenErr(int sequenceId) {
        Packet written = client.readOutbound();
        try {
            assertThat(written.sequenceId()).isEqualTo(sequenceId);
            return ErrPacket.decode(written.content(), CAPABILITIES);
        } finally {
            written.release();
        }
    }

    @Test
    void switchesThenAnswersOkWithSequenceThreeAndTakesTheCommandsSchemaCharsetAndAttributes() {
        byte[] scramble = startWith(new ComChangeUser("other", new byte[20], "reports", 45,
                MysqlNativePassword.NAME, Map.of("_pid", "5151")));

        answer(2, PASSWORD, scramble);

        Packet ok = client.readOutbound();
        try {
            assertThat(ok.sequenceId()).isEqualTo(3);
            assertThat(OkPacket.decode(ok.content(), CAPABILITIES).status().autocommit()).isTrue();
        } finally {
            ok.release();
        }
        assertThat(changed).singleElement().satisfies(login -> {
            assertThat(login.user()).isEqualTo("other");
            assertThat(login.database()).isEqualTo("reports");
            assertThat(login.collationId()).isEqualTo(45);
            assertThat(login.connectAttributes()).containsExactly(Map.entry("_pid", "5151"));
            assertThat(login.capabilities()).isEqualTo(CAPABILITIES);
            assertThat(login.transport()).isEqualTo(CURRENT.transport());
        });
        assertThat(refused).isZero();
    }

    @Test
    void keepsTheLoginsCharsetAndAttributesWhenTheCommandLeavesThemOutAndHasNoSchemaForAnEmptyOne() {
        answer(2, PASSWORD, startWith(new ComChangeUser("other", new byte[20], "", 0, "", Map.of())));

        ((Packet) client.readOutbound()).release();
        assertThat(changed).singleElement().satisfies(login -> {
            assertThat(login.database()).isNull();
            assertThat(login.collationId()).isEqualTo(33);
            assertThat(login.connectAttributes()).containsExactly(Map.entry("_pid", "4242"));
        });
    }

    @Test
    void aWrongPasswordIsAccessDeniedAndTheConnectionStaysOpen() {
        byte[] scramble = startWith(new ComChangeUser("other", new byte[20], "", 45, "", Map.of()));

        answer(2, "wrong".getBytes(StandardCharsets.UTF_8), scramble);

        ErrPacket err = writtenErr(3);
        assertThat(err.errorCode()).isEqualTo(1045);
        assertThat(err.message()).isEqualTo("Access denied for user 'other'@'10.0.0.7' (using password: YES)");
        assertThat(client.isOpen()).isTrue();
        assertThat(refused).isOne();
        assertThat(changed).isEmpty();
    }

    @Test
    void aWrongSequenceIdClosesTheConnection() {
        byte[] scramble = startWith(new ComChangeUser("other", new byte[20], "", 45, "", Map.of()));

        answer(5, PASSWORD, scramble);

        assertThat(writtenErr(2).errorCode()).isEqualTo(1156);
        client.runPendingTasks();
        assertThat(client.isOpen()).isFalse();
        assertThat(refused).isZero();
        assertThat(changed).isEmpty();
    }

    @Test
    void afterThreeRefusalsEveryChangeIsRefusedAsAnUnknownCommand() {
        for (int attempt = 0; attempt < UserChanges.MAX_FAILURES; attempt++) {
            assertThat(decodeCommand()).isPresent();
            byte[] scramble = startWith(new ComChangeUser("other", new byte[20], "", 45, "", Map.of()));
            answer(2, "wrong".getBytes(StandardCharsets.UTF_8), scramble);
            assertThat(writtenErr(3).errorCode()).isEqualTo(1045);
        }

        assertThat(decodeCommand()).isEmpty();

        ErrPacket locked = writtenErr(1);
        assertThat(locked.errorCode()).isEqualTo(1047);
        assertThat(locked.sqlState()).isEqualTo("08S01");
        assertThat(refused).isEqualTo(UserChanges.MAX_FAILURES);
        assertThat(client.isOpen()).isTrue();
    }

    /** Decodes a COM_CHANGE_USER packet as the client sends it (sequence id 0). */
    private Optional<ComChangeUser> decodeCommand() {
        ByteBuf payload = Unpooled.buffer();
        new ComChangeUser("other", new byte[20], "", 45, MysqlNativePassword.NAME, Map.of())
                .encode(payload, CAPABILITIES);
        Packet packet = new Packet(0, payload);
        try {
            return changes.decode(packet, CAPABILITIES);
        } finally {
            packet.release();
        }
    }
}
