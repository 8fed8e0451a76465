package io.mybouncer.proxy.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.ColumnType;
import io.mybouncer.protocol.resultset.ExtendedTypeInfo;
import io.mybouncer.protocol.resultset.TextRow;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The console's result sets, read back with the protocol module's decoders under each framing a
 * client can negotiate: classic EOFs, CLIENT_DEPRECATE_EOF's closing OK, the metadata-follows byte,
 * and MariaDB's extended metadata.
 */
class TextResultSetWriterTest {
    private static final CapabilitySet CLASSIC = CapabilitySet.of(Capability.CLIENT_MYSQL,
            Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_SESSION_TRACK);
    private static final CapabilitySet DEPRECATE_EOF = CLASSIC.with(Capability.CLIENT_DEPRECATE_EOF);
    private static final ConsoleAnswer.Table TABLE = new ConsoleAnswer.Table(
            List.of(ConsoleAnswer.Column.text("pool"), ConsoleAnswer.Column.number("cl_active")),
            List.of(List.of("app/shop", "3"), Arrays.asList("report", null)));

    private final EmbeddedChannel client = new EmbeddedChannel();

    @AfterEach
    void nothingLeft() {
        assertFalse(client.finish(), "unread packets left");
    }

    @Test
    void withoutDeprecateEofColumnsAndRowsEachEndWithAnEof() {
        int next = TextResultSetWriter.write(client, 1, CLASSIC, TABLE);

        List<Packet> packets = written();
        try {
            assertThat(packets).extracting(Packet::sequenceId).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(next).isEqualTo(8);
            assertThat(ColumnCount.decode(packets.get(0).content(), CLASSIC)).isEqualTo(ColumnCount.of(2));
            ColumnDefinition41 pool = ColumnDefinition41.decode(packets.get(1).content(), CLASSIC);
            assertThat(pool.name()).isEqualTo("pool");
            assertThat(pool.type()).isEqualTo(ColumnType.MYSQL_TYPE_VAR_STRING);
            assertThat(pool.characterSet()).isEqualTo(TextResultSetWriter.UTF8MB4);
            assertThat(pool.columnLength()).isEqualTo("app/shop".length() * 4);
            ColumnDefinition41 active = ColumnDefinition41.decode(packets.get(2).content(), CLASSIC);
            assertThat(active.type()).isEqualTo(ColumnType.MYSQL_TYPE_LONGLONG);
            assertThat(active.characterSet()).isEqualTo(ColumnDefinition41.BINARY_CHARSET);
            assertThat(EofPacket.isEof(packets.get(3).content(), CLASSIC)).isTrue();
            assertThat(TextRow.decode(packets.get(4).content(), 2)).isEqualTo(TextRow.of("app/shop", "3"));
            assertThat(TextRow.decode(packets.get(5).content(), 2)).isEqualTo(TextRow.of("report", null));
            EofPacket end = EofPacket.decode(packets.get(6).content(), CLASSIC);
            assertThat(end.status().autocommit()).isTrue();
            assertThat(end.status().inTransaction()).isFalse();
        } finally {
            packets.forEach(Packet::release);
        }
    }

    @Test
    void withDeprecateEofNoEofFollowsTheColumnsAndAnOkWithHeaderFeEndsTheRows() {
        int next = TextResultSetWriter.write(client, 255, DEPRECATE_EOF, TABLE);

        List<Packet> packets = written();
        try {
            assertThat(packets).extracting(Packet::sequenceId).containsExactly(255, 0, 1, 2, 3, 4);
            assertThat(next).isEqualTo(5);
            assertThat(ColumnDefinition41.decode(packets.get(2).content(), DEPRECATE_EOF).name())
                    .isEqualTo("cl_active");
            assertThat(TextRow.decode(packets.get(3).content(), 2)).isEqualTo(TextRow.of("app/shop", "3"));
            assertThat(EofPacket.isEof(packets.get(5).content(), DEPRECATE_EOF)).isTrue();
            OkPacket end = OkPacket.decode(packets.get(5).content(), DEPRECATE_EOF);
            assertThat(end.isEofForm()).isTrue();
            assertThat(end.status().autocommit()).isTrue();
        } finally {
            packets.forEach(Packet::release);
        }
    }

    @Test
    void aTableWithoutRowsIsColumnsAndTheEnd() {
        TextResultSetWriter.write(client, 1, DEPRECATE_EOF,
                new ConsoleAnswer.Table(List.of(ConsoleAnswer.Column.text("Level")), List.of()));

        List<Packet> packets = written();
        try {
            assertThat(packets).hasSize(3);
            assertThat(ColumnDefinition41.decode(packets.get(1).content(), DEPRECATE_EOF).columnLength()).isEqualTo(4);
            assertThat(OkPacket.decode(packets.get(2).content(), DEPRECATE_EOF).isEofForm()).isTrue();
        } finally {
            packets.forEach(Packet::release);
        }
    }

    @Test
    void theMetadataByteAndMariaDbExtendedMetadataAreWrittenWhenNegotiated() {
        CapabilitySet mariaDb = DEPRECATE_EOF.without(Capability.CLIENT_MYSQL)
                .with(Capability.MARIADB_CLIENT_EXTENDED_METADATA).with(Capability.MARIADB_CLIENT_CACHE_METADATA);

        TextResultSetWriter.write(client, 1, mariaDb, TABLE);

        List<Packet> packets = written();
        try {
            assertThat(ColumnCount.decode(packets.get(0).content(), mariaDb))
                    .isEqualTo(new ColumnCount(2, ColumnCount.Metadata.FULL));
            ColumnDefinition41 pool = ColumnDefinition41.decode(packets.get(1).content(), mariaDb);
            assertThat(pool.name()).isEqualTo("pool");
            assertThat(pool.extendedTypeInfo()).isEqualTo(ExtendedTypeInfo.EMPTY);
        } finally {
            packets.forEach(Packet::release);
        }
    }

    /** What the writer wrote; it leaves flushing to its caller. */
    private List<Packet> written() {
        client.flush();
        List<Packet> packets = new ArrayList<>();
        for (Packet packet; (packet = client.readOutbound()) != null; ) {
            packets.add(packet);
        }
        return packets;
    }
}
