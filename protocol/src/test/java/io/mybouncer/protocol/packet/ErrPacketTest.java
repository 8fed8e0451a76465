package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.response.GoldenCapabilities.CLI;
import static io.mybouncer.protocol.response.GoldenCapabilities.PRE_41;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mybouncer.protocol.packet.ErrPacket.ProgressReport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrPacketTest {
    private static final String NO_SUCH_TABLE = "Table 'test.no_such_table' doesn't exist";

    static Stream<Arguments> errors() {
        return Stream.of(
                arguments("err-no-such-table", 1, CLI, new ErrPacket(1146, "42S02", NO_SUCH_TABLE)),
                arguments("err-after-rows", -1, CLI, new ErrPacket(1644, "45000", "third row refused")),
                arguments("err-no-sqlstate-marker", 1, PRE_41, new ErrPacket(1146, null, NO_SUCH_TABLE)));
    }

    static Stream<Arguments> progressReports() {
        return Stream.of(
                arguments("local-infile", 4, new ProgressReport(2, 2, 0, "End bulk insert")),
                arguments("progress-alter-table", 1, new ProgressReport(1, 2, 1002, "copy to tmp table")),
                arguments("progress-alter-table", 2, new ProgressReport(2, 2, 0, "Enabling keys")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void decodesAndEncodesCapturedErr(String name, int index, CapabilitySet caps, ErrPacket expected) {
        byte[] bytes = GoldenPayloads.payload(name, index);
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(ErrPacket.isErr(payload)).isTrue();
            assertThat(ErrPacket.decode(payload, caps)).isEqualTo(expected);
            expected.encode(out, caps);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
        } finally {
            payload.release();
            out.release();
        }
    }

    @Test
    void toleratesMissingSqlStateMarkerUnderProtocol41() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0x15, 0x04, 'n', 'o'});
        ByteBuf out = Unpooled.buffer();
        try {
            ErrPacket err = ErrPacket.decode(payload, CLI);
            assertThat(err).isEqualTo(new ErrPacket(1045, null, "no"));
            err.encode(out, CLI);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(new byte[] {(byte) 0xFF, 0x15, 0x04, 'n', 'o'});
        } finally {
            payload.release();
            out.release();
        }
    }

    @Test
    void keepsFiveCharactersForANonAsciiSqlState() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0x15, 0x04, '#',
                (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, '0', '0', 'm'});
        try {
            assertThat(ErrPacket.decode(payload, CLI).sqlState()).hasSize(5);
        } finally {
            payload.release();
        }
    }

    @Test
    void rejectsTruncatedSqlState() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0x15, 0x04, '#', '2', '8'});
        try {
            assertThatThrownBy(() -> ErrPacket.decode(payload, CLI))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("SQLSTATE");
        } finally {
            payload.release();
        }
    }

    @ParameterizedTest(name = "{0} packet {1}")
    @MethodSource("progressReports")
    void decodesAndEncodesCapturedProgressReport(String name, int index, ProgressReport expected) {
        byte[] bytes = GoldenPayloads.payload(name, index);
        ByteBuf payload = Unpooled.wrappedBuffer(bytes);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(ErrPacket.isProgressReport(payload, CLI)).isTrue();
            assertThat(ProgressReport.decode(payload)).isEqualTo(expected);
            expected.encode(out);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
        } finally {
            payload.release();
            out.release();
        }
    }

    @Test
    void seesProgressReportOnlyWithTheMariaDbCapability() {
        ByteBuf payload = Unpooled.wrappedBuffer(GoldenPayloads.payload("local-infile", 4));
        try {
            CapabilitySet withoutProgress = CLI.without(Capability.MARIADB_CLIENT_PROGRESS);
            assertThat(ErrPacket.isProgressReport(payload, withoutProgress)).isFalse();
            assertThat(ErrPacket.decode(payload.duplicate(), withoutProgress).errorCode()).isEqualTo(0xFFFF);
            assertThatThrownBy(() -> ErrPacket.decode(payload, CLI)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            payload.release();
        }
    }
}
