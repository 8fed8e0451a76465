package io.mybouncer.protocol.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.response.SessionStateChange.Gtids;
import io.mybouncer.protocol.response.SessionStateChange.Schema;
import io.mybouncer.protocol.response.SessionStateChange.StateChange;
import io.mybouncer.protocol.response.SessionStateChange.SystemVariable;
import io.mybouncer.protocol.response.SessionStateChange.TransactionCharacteristics;
import io.mybouncer.protocol.response.SessionStateChange.TransactionState;
import io.mybouncer.protocol.response.SessionStateChange.Unknown;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SessionStateChangeTest {
    static Stream<Arguments> entries() {
        return Stream.of(
                // The first three as MariaDB 10.11 sent them (golden/response/ok-*.hex).
                arguments("000f0a6175746f636f6d6d6974034f4646", new SystemVariable("autocommit", "OFF")),
                arguments("01050474657374", new Schema("test")),
                arguments("020131", new StateChange(true)),
                arguments("0306000474313a31", new Gtids(0, "t1:1")),
                arguments("04020100", new TransactionCharacteristics("\0")),
                arguments("0509085f5f5f5f5f5f5f4c", new TransactionState("_______L")),
                arguments("2a03010203", new Unknown(42, new byte[] {1, 2, 3})));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("entries")
    void decodesAndEncodesEachType(String hex, SessionStateChange expected) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThat(SessionStateChange.decode(in)).isEqualTo(expected);
            assertThat(in.isReadable()).isFalse();
            expected.encode(out);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(bytes);
        } finally {
            in.release();
            out.release();
        }
    }

    @Test
    void decodesAndEncodesABlockOfSeveralEntries() {
        byte[] block = HexFormat.of().parseHex("0c" + "01050474657374" + "020131" + "0900");
        ByteBuf in = Unpooled.wrappedBuffer(block, 1, block.length - 1);
        ByteBuf out = Unpooled.buffer();
        try {
            List<SessionStateChange> changes = SessionStateChange.decodeAll(in);
            assertThat(changes).containsExactly(new Schema("test"), new StateChange(true), new Unknown(9, new byte[0]));
            SessionStateChange.encodeAll(out, changes);
            assertThat(ByteBufUtil.getBytes(out)).isEqualTo(block);
        } finally {
            in.release();
            out.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsMalformedKnownTypes(String hex, String field) {
        ByteBuf in = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        try {
            assertThatThrownBy(() -> SessionStateChange.decode(in))
                    .isInstanceOf(ProtocolException.class).hasMessageContaining(field);
        } finally {
            in.release();
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("020132", "state change"),
                arguments("0502015f", "transaction state"),
                arguments("0106047465737400", "trailing bytes"),
                arguments("0109047465737400", "session state data"),
                arguments("01", "session state data"));
    }

    @Test
    void readsTheTransactionStatePositions() {
        assertThat(new TransactionState("T_______").explicitTransaction()).isTrue();
        assertThat(new TransactionState("I___W___").implicitTransaction()).isTrue();
        assertThat(new TransactionState("_______L").lockTables()).isTrue();
        assertThat(new TransactionState("________").idle()).isTrue();
        assertThat(new TransactionState("T_R_____").idle()).isFalse();
        assertThatThrownBy(() -> new TransactionState("T_")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesUnknownEntriesByContent() {
        Unknown unknown = new Unknown(9, new byte[] {1, 2});
        assertThat(unknown).isEqualTo(new Unknown(9, new byte[] {1, 2})).hasSameHashCodeAs(new Unknown(9, new byte[] {1, 2}));
        assertThat(unknown).isNotEqualTo(new Unknown(9, new byte[] {1, 3}));
        assertThat(unknown.toString()).contains("0102");
    }
}
