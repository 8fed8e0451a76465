package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementIdTest {
    @ParameterizedTest
    @CsvSource({
        "com_stmt_execute_types_bound, 8",
        "com_stmt_execute_last_prepared, 4294967295",
        "com_stmt_send_long_data, 7",
        "com_stmt_close, 8",
        "com_stmt_reset, 5",
        "com_stmt_fetch, 4",
    })
    void readsTheIdOfEveryStatementCommand(String vector, long id) {
        assertThat(Wire.decode(vector, StatementId::read)).isEqualTo(id);
        assertThat(CommandType.of(Wire.payload(vector)[0]).carriesStatementId()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({"com_stmt_execute_long_data", "com_stmt_send_long_data", "com_stmt_close", "com_stmt_reset",
        "com_stmt_fetch"})
    void rewritesInPlaceAndChangesNothingElse(String vector) {
        byte[] original = Wire.payload(vector);
        ByteBuf payload = Unpooled.copiedBuffer(original);
        try {
            StatementId.rewrite(payload, 0x0102_0304L);
            byte[] expected = original.clone();
            expected[1] = 0x04;
            expected[2] = 0x03;
            expected[3] = 0x02;
            expected[4] = 0x01;
            assertThat(ByteBufUtil.getBytes(payload)).isEqualTo(expected);
            assertThat(payload.readerIndex()).isZero();
            assertThat(payload.writerIndex()).isEqualTo(original.length);
        } finally {
            payload.release();
        }
    }

    @Test
    void rewritesTheIdAfterTheReaderIndex() {
        ByteBuf payload = Unpooled.buffer().writeByte(0x55).writeBytes(Wire.payload("com_stmt_close"));
        try {
            payload.skipBytes(1);
            StatementId.rewrite(payload, StatementId.LAST_PREPARED);
            assertThat(StatementId.read(payload)).isEqualTo(StatementId.LAST_PREPARED);
            assertThat(payload.getByte(0)).isEqualTo((byte) 0x55);
        } finally {
            payload.release();
        }
    }

    @Test
    void recognisesMariaDbsLastPreparedMarker() {
        long id = Wire.decode("com_stmt_execute_last_prepared", StatementId::read);
        assertThat(StatementId.isLastPrepared(id)).isTrue();
        assertThat(StatementId.isLastPrepared(Wire.decode("com_stmt_execute_types_bound", StatementId::read))).isFalse();
    }

    @Test
    void rejectsAPayloadTooShortForTheId() {
        byte[] payload = Wire.payload("com_stmt_close");
        GoldenVectors.assertTruncationsRejected(payload, 5, StatementId::read);
        GoldenVectors.assertTruncationsRejected(payload, 5, p -> {
            StatementId.rewrite(p, 1);
            return null;
        });
    }

    @Test
    void refusesAnIdOutsideThirtyTwoBits() {
        assertThatThrownBy(() -> GoldenVectors.decode(Wire.payload("com_stmt_close"), p -> {
            StatementId.rewrite(p, 1L << 32);
            return null;
        })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prepareAndTextCommandsCarryNoStatementId() {
        assertThat(CommandType.COM_STMT_PREPARE.carriesStatementId()).isFalse();
        assertThat(CommandType.COM_QUERY.carriesStatementId()).isFalse();
        assertThat(CommandType.COM_STMT_BULK_EXECUTE.carriesStatementId()).isTrue();
    }
}
