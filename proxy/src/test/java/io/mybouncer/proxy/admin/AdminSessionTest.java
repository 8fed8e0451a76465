package io.mybouncer.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mybouncer.protocol.command.BodilessCommand;
import io.mybouncer.protocol.command.ComInitDb;
import io.mybouncer.protocol.command.ComQuery;
import io.mybouncer.protocol.command.ComStmtPrepare;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.TextRow;
import io.mybouncer.proxy.MybouncerVersion;
import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.config.AuthMode;
import io.mybouncer.proxy.config.BackendConfig;
import io.mybouncer.proxy.config.ClientSettings;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.config.HostPort;
import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.PoolSettings;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.config.ReloadPlan;
import io.mybouncer.proxy.config.Secret;
import io.mybouncer.proxy.config.UserConfig;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.forksafety.PeerHolders;
import io.mybouncer.proxy.frontend.AuthenticatedClient;
import io.mybouncer.proxy.frontend.ClientTransport;
import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.mybouncer.proxy.pool.AcquireListener;
import io.mybouncer.proxy.pool.PoolRegistry;
import io.mybouncer.proxy.session.SessionRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One console connection on an {@link EmbeddedChannel}: what each command byte gets, with which
 * sequence ids, for an admin and for a user who is not one, and the order of answers when a command
 * answers later (RELOAD) and another follows it at once.
 */
class AdminSessionTest {
    private static final CapabilitySet CAPABILITIES = CapabilitySet.of(Capability.CLIENT_MYSQL,
            Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_DEPRECATE_EOF);
    private static final ProxyConfig CONFIG = new ProxyConfig(
            List.of(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP)), BackendConfig.of(new HostPort("db", 3306)),
            AuthMode.CONFIGURED, List.of(UserConfig.sameOnBackend("ops", Secret.plaintext("ops-password")),
                    UserConfig.sameOnBackend("app", Secret.plaintext("app-password"))),
            PoolSettings.defaults(), Optional.empty(), Optional.empty(), ClientSettings.defaults(), 1,
            ForkSafetyPolicy.REJECT, new AdminSettings(List.of("ops"), Duration.ofSeconds(30)));

    private final EmbeddedChannel client = new EmbeddedChannel(new ChannelHandlerAdapter() { });
    private final ForkHazardDetector forkHazards = new ForkHazardDetector(ForkSafetyPolicy.OFF,
            (socket, candidates) -> new PeerHolders.Unknown(PeerHolders.Reason.UNSUPPORTED, "not in this test"));
    /** RELOAD's work, run when the test says. */
    private final List<Runnable> reloads = new ArrayList<>();
    private int reloadsDone;

    @AfterEach
    void nothingLeft() {
        forkHazards.close();
        client.close();
        assertFalse(client.finish(), "unread packets left");
    }

    /** Logs {@code user} in to the console, as the session starter does after the handshake. */
    private void logIn(String user) {
        SessionRegistry sessions = new SessionRegistry();
        PoolRegistry pools = new PoolRegistry(PoolSettings.defaults(),
                (key, loop) -> loop.newFailedFuture(new ConnectException("no backend in this test")),
                client.eventLoop(), AcquireListener.NONE);
        ProxyMetrics metrics = new ProxyMetrics(CONFIG.pools().mode(), pools::pools, forkHazards,
                () -> ProxyMetrics.ClientCounts.of(0, sessions.countByState()));
        AdminConsole console = new AdminConsole(pools, sessions, metrics, new FixedControl(), reloads::add);
        AuthenticatedClient login = new AuthenticatedClient(user, AdminSettings.DATABASE, 45, CAPABILITIES,
                Map.of("_pid", "4242"), new ClientTransport(false, false, "10.0.0.7"), null);
        console.enter(client.pipeline().firstContext(), 7, login);
        assertThat(client.pipeline().names()).contains(AdminSession.NAME);
    }

    /** Answers with the test's configuration; reloads find it unchanged and count. */
    private final class FixedControl implements ProxyControl {
        @Override
        public ProxyConfig config() {
            return CONFIG;
        }

        @Override
        public Optional<String> backendVersion() {
            return Optional.of("10.11.19-MariaDB");
        }

        @Override
        public ReloadPlan reload() throws ConfigException {
            reloadsDone++;
            return ReloadPlan.of(CONFIG, CONFIG, "test");
        }

        @Override
        public void shutdown() {
            throw new AssertionError("not in this test");
        }
    }

    private void send(Consumer<ByteBuf> command) {
        ByteBuf payload = Unpooled.buffer();
        command.accept(payload);
        client.writeInbound(new Packet(0, payload));
    }

    private void query(String sql) {
        send(payload -> ComQuery.of(sql).encode(payload, CAPABILITIES));
    }

    private List<Packet> written() {
        List<Packet> packets = new ArrayList<>();
        for (Packet packet; (packet = client.readOutbound()) != null; ) {
            packets.add(packet);
        }
        return packets;
    }

    /** The one packet written, which must be an ERR with sequence id 1. */
    private ErrPacket writtenErr() {
        List<Packet> packets = written();
        try {
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).sequenceId()).isEqualTo(1);
            return ErrPacket.decode(packets.get(0).content(), CAPABILITIES);
        } finally {
            packets.forEach(Packet::release);
        }
    }

    private void assertOk() {
        List<Packet> packets = written();
        try {
            assertThat(packets).hasSize(1);
            assertThat(packets.get(0).sequenceId()).isEqualTo(1);
            assertThat(OkPacket.isOk(packets.get(0).content())).isTrue();
        } finally {
            packets.forEach(Packet::release);
        }
    }

    /** The rows of the one result set written; its packets start at sequence id 1. */
    private List<TextRow> writtenRows() {
        List<Packet> packets = written();
        try {
            assertThat(packets.get(0).sequenceId()).isEqualTo(1);
            int columns = ColumnCount.decode(packets.get(0).content(), CAPABILITIES).count();
            List<TextRow> rows = new ArrayList<>();
            for (Packet row : packets.subList(1 + columns, packets.size() - 1)) {
                rows.add(TextRow.decode(row.content(), columns));
            }
            ColumnDefinition41.decode(packets.get(1).content(), CAPABILITIES);
            assertThat(OkPacket.decode(packets.get(packets.size() - 1).content(), CAPABILITIES).isEofForm()).isTrue();
            return rows;
        } finally {
            packets.forEach(Packet::release);
        }
    }

    @Test
    void anAdminGetsResultSetsAndOks() {
        logIn("ops");

        query("show version;");
        assertThat(writtenRows()).containsExactly(TextRow.of("mybouncer " + MybouncerVersion.get(),
                "10.11.19-MariaDB"));
        send(BodilessCommand.PING::encode);
        assertOk();
        query("SET NAMES utf8mb4");
        assertOk();
        send(new ComInitDb("mybouncer")::encode);
        assertOk();
    }

    @Test
    void aUserNotInAdminUsersGets1227ForEveryStatementButMayPingAndLeave() {
        logIn("app");

        for (String sql : List.of("SHOW POOLS", "RELOAD", "SELECT @@version_comment LIMIT 1", "nonsense")) {
            query(sql);
            ErrPacket refused = writtenErr();
            assertThat(refused.errorCode()).as(sql).isEqualTo(1227);
            assertThat(refused.sqlState()).isEqualTo("42000");
            assertThat(refused.message()).contains("user 'app' is not in admin_users");
        }
        assertThat(reloads).isEmpty();
        send(BodilessCommand.PING::encode);
        assertOk();
        send(BodilessCommand.QUIT::encode);
        assertThat(client.isOpen()).isFalse();
    }

    @Test
    void otherCommandsAreRefusedAndTheConnectionStays() {
        logIn("ops");

        send(new ComStmtPrepare("SHOW POOLS")::encode);
        ErrPacket prepare = writtenErr();
        assertThat(prepare.errorCode()).isEqualTo(1235);
        assertThat(prepare.message()).contains("does not answer COM_STMT_PREPARE");
        send(payload -> payload.writeByte(0x60));
        assertThat(writtenErr().message()).contains("does not answer command 0x60");
        send(new ComInitDb("shop")::encode);
        ErrPacket otherDatabase = writtenErr();
        assertThat(otherDatabase.errorCode()).isEqualTo(1049);
        assertThat(otherDatabase.message()).startsWith("Unknown database 'shop'");
        assertThat(client.isOpen()).isTrue();
    }

    @Test
    void aCommandBehindOneThatAnswersLaterWaitsForIt() {
        logIn("ops");

        query("RELOAD");
        query("SHOW DATABASES");
        assertThat(written()).as("nothing before RELOAD's answer").isEmpty();

        reloads.forEach(Runnable::run);
        client.runPendingTasks();

        List<Packet> packets = written();
        try {
            // RELOAD: no setting changed, so a result set without rows (count, 3 columns, end);
            // then SHOW DATABASES (count, 1 column, 1 row, end), each starting at sequence id 1.
            assertThat(packets).extracting(Packet::sequenceId).containsExactly(1, 2, 3, 4, 5, 1, 2, 3, 4);
            assertThat(TextRow.decode(packets.get(7).content(), 1)).isEqualTo(TextRow.of("mybouncer"));
        } finally {
            packets.forEach(Packet::release);
        }
        assertThat(reloadsDone).isOne();
    }
}
