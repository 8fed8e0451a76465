package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.response.GoldenCapabilities.CLI;
import static io.mybouncer.protocol.response.GoldenCapabilities.DEPRECATE_EOF;
import static io.mybouncer.protocol.response.GoldenCapabilities.MARIADB_CONNECTOR_J;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL8;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL_CONNECTOR_J;
import static io.mybouncer.protocol.response.GoldenCapabilities.NO_SESSION_TRACK;
import static io.mybouncer.protocol.response.GoldenCapabilities.PRE_41;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mybouncer.protocol.response.SessionStateChange;
import io.mybouncer.protocol.response.SessionStateChange.Gtids;
import io.mybouncer.protocol.response.SessionStateChange.Schema;
import io.mybouncer.protocol.response.SessionStateChange.StateChange;
import io.mybouncer.protocol.response.SessionStateChange.SystemVariable;
import io.mybouncer.protocol.response.SessionStateChange.TransactionCharacteristics;
import io.mybouncer.protocol.response.SessionStateChange.TransactionState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OkPacketTest {
    private static final ServerStatus AUTOCOMMIT = new ServerStatus(ServerStatus.AUTOCOMMIT);
    private static final ServerStatus STATE_CHANGED =
            new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED);
    private static final String ROWS_MATCHED = "Rows matched: 2  Changed: 1  Warnings: 0";

    private static OkPacket ok(long affectedRows, ServerStatus status, String info, SessionStateChange... changes) {
        return new OkPacket(OkPacket.HEADER, affectedRows, 0, status, 0, info, List.of(changes));
    }

    private static OkPacket okEof(int status) {
        return new OkPacket(OkPacket.EOF_HEADER, 0, 0, new ServerStatus(status), 0, "", List.of());
    }

    static Stream<Arguments> vectors() {
        return Stream.of(
                arguments("ok-set-autocommit", 1, CLI, ok(0, new ServerStatus(ServerStatus.SESSION_STATE_CHANGED), "",
                        new SystemVariable("autocommit", "OFF"))),
                arguments("ok-set-time-zone", 1, CLI, ok(0, STATE_CHANGED, "", new SystemVariable("time_zone", "+01:00"))),
                arguments("ok-state-change", 1, CLI, ok(0, STATE_CHANGED, "", new StateChange(true))),
                arguments("ok-use-schema", 1, CLI, ok(0, STATE_CHANGED, "", new Schema("test"))),
                arguments("init-db", 1, CLI, ok(0, STATE_CHANGED, "", new Schema("mysql"))),
                arguments("change-user-auth-switch", 3, CLI, ok(0, STATE_CHANGED, "", new Schema("test"))),
                arguments("ok-update-info", 1, CLI, ok(1, AUTOCOMMIT, ROWS_MATCHED)),
                arguments("ok-update-info-no-session-track", 1, NO_SESSION_TRACK, ok(1, AUTOCOMMIT, ROWS_MATCHED)),
                arguments("ok-pre41", 1, PRE_41, ok(1, AUTOCOMMIT, ROWS_MATCHED)),
                arguments("local-infile", 5, CLI, ok(2, AUTOCOMMIT, "Records: 2  Deleted: 0  Skipped: 0  Warnings: 0")),
                arguments("progress-alter-table", 3, CLI,
                        ok(1_000_000, AUTOCOMMIT, "Records: 1000000  Duplicates: 0  Warnings: 0")),
                arguments("ping", 1, CLI, ok(0, AUTOCOMMIT, "")),
                arguments("call-two-resultsets", -1, CLI, ok(0, AUTOCOMMIT, "")),
                arguments("text-resultset-deprecate-eof", -1, MARIADB_CONNECTOR_J,
                        okEof(ServerStatus.AUTOCOMMIT | ServerStatus.QUERY_NO_INDEX_USED)),
                arguments("multi-statement-deprecate-eof", 4, DEPRECATE_EOF,
                        okEof(ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS)),
                arguments("execute-cursor", -1, MYSQL_CONNECTOR_J,
                        okEof(ServerStatus.AUTOCOMMIT | ServerStatus.CURSOR_EXISTS)),
                arguments("mysql8-ok-transaction-characteristics", 1, MYSQL8, ok(0, new ServerStatus(
                        ServerStatus.IN_TRANS | ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS_READONLY
                                | ServerStatus.SESSION_STATE_CHANGED), "",
                        new TransactionCharacteristics("START TRANSACTION READ ONLY;"), new TransactionState("T_______"))),
                arguments("mysql8-ok-gtids", 1, MYSQL8, ok(0, STATE_CHANGED, "",
                        new Gtids(0, "3e11fa47-71ca-11e1-9e33-c80aa9429562:23"), new TransactionCharacteristics(""),
                        new TransactionState("________"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decodesCapturedOk(String name, int index, CapabilitySet caps, OkPacket expected) {
        ByteBuf payload = Unpooled.wrappedBuffer(GoldenPayloads.payload(name, index));
        try {
            assertThat(OkPacket.decode(payload, caps)).isEqualTo(expected);
            assertThat(payload.isReadable()).isFalse();
        } finally {
            payload.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void encodesCapturedOkToTheSameBytes(String name, int index, CapabilitySet caps, OkPacket packet) {
        ByteBuf out = Unpooled.buffer();
        try {
            packet.encode(out, caps);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(GoldenPayloads.payload(name, index));
        } finally {
            out.release();
        }
    }

    @Test
    void decodesTheDocumentedStringEofInfoWithoutSessionTrack() {
        ByteBuf payload = Unpooled.buffer();
        try {
            payload.writeBytes(new byte[] {0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00});
            payload.writeCharSequence(ROWS_MATCHED, StandardCharsets.UTF_8);
            assertThat(OkPacket.decode(payload, NO_SESSION_TRACK).info()).isEqualTo(ROWS_MATCHED);
        } finally {
            payload.release();
        }
    }

    @Test
    void rejectsTruncatedOk() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {0x00, 0x00, 0x00, 0x02});
        try {
            assertThatThrownBy(() -> OkPacket.decode(payload, CLI))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("status flags");
        } finally {
            payload.release();
        }
    }

    @Test
    void rejectsSessionStateThatOverrunsThePacket() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {0x00, 0x00, 0x00, 0x02, 0x40, 0x00, 0x00, 0x00, 0x09, 0x01});
        try {
            assertThatThrownBy(() -> OkPacket.decode(payload, CLI))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("session state info");
        } finally {
            payload.release();
        }
    }

    @Test
    void rejectsAnotherHeader() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00});
        try {
            assertThatThrownBy(() -> OkPacket.decode(payload, CLI))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining("header").hasMessageContaining("0xFF");
        } finally {
            payload.release();
        }
    }

    @Test
    void refusesSessionStateWithoutTheStatusFlag() {
        assertThatThrownBy(() -> ok(0, AUTOCOMMIT, "", new Schema("test")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recognisesOkHeaderAndEofForm() {
        ByteBuf ok = Unpooled.wrappedBuffer(new byte[] {0x00, 0x00});
        ByteBuf err = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF});
        try {
            assertThat(OkPacket.isOk(ok)).isTrue();
            assertThat(OkPacket.isOk(err)).isFalse();
            assertThat(OkPacket.isOk(Unpooled.EMPTY_BUFFER)).isFalse();
            assertThat(okEof(0).isEofForm()).isTrue();
            assertThat(OkPacket.of(0, 0, AUTOCOMMIT, 0).isEofForm()).isFalse();
        } finally {
            ok.release();
            err.release();
        }
    }
}
