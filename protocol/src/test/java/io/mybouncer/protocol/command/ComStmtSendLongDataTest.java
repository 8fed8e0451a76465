package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ComStmtSendLongDataTest {
    private static final byte[] DATA = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuv".getBytes(StandardCharsets.US_ASCII);
    private static final ComStmtSendLongData CAPTURED = new ComStmtSendLongData(7, 0, DATA);

    @Test
    void decodesCapturedChunk() {
        assertThat(Wire.decode("com_stmt_send_long_data", ComStmtSendLongData::decode)).isEqualTo(CAPTURED);
    }

    @Test
    void encodesCapturedChunk() {
        assertThat(GoldenVectors.encode(CAPTURED::encode)).isEqualTo(Wire.payload("com_stmt_send_long_data"));
    }

    @Test
    void slicesTheDataWithoutCopyingOrRetaining() {
        ByteBuf payload = Unpooled.copiedBuffer(Wire.payload("com_stmt_send_long_data"));
        try {
            ByteBuf data = ComStmtSendLongData.dataSlice(payload);
            assertThat(data.toString(StandardCharsets.US_ASCII)).isEqualTo(new String(DATA, StandardCharsets.US_ASCII));
            assertThat(payload.refCnt()).isEqualTo(1);
            payload.setByte(7, 'Z');
            assertThat(data.getByte(0)).as("shares the payload's memory").isEqualTo((byte) 'Z');
            assertThat(ComStmtSendLongData.parameterId(payload)).isZero();
            assertThat(payload.readerIndex()).isZero();
        } finally {
            payload.release();
        }
    }

    @Test
    void readsTheParameterIdInPlace() {
        byte[] payload = GoldenVectors.encode(new ComStmtSendLongData(7, 513, new byte[0])::encode);
        int parameterId = GoldenVectors.decode(payload, ComStmtSendLongData::parameterId);
        assertThat(parameterId).isEqualTo(513);
    }

    @Test
    void rejectsEveryTruncationOfTheHeader() {
        byte[] payload = Wire.payload("com_stmt_send_long_data");
        GoldenVectors.assertTruncationsRejected(payload, 7, ComStmtSendLongData::decode);
        GoldenVectors.assertTruncationsRejected(payload, 7, ComStmtSendLongData::dataSlice);
    }

    @Test
    void acceptsAnEmptyChunk() {
        byte[] payload = Arrays.copyOf(Wire.payload("com_stmt_send_long_data"), 7);
        assertThat(GoldenVectors.decode(payload, ComStmtSendLongData::decode)).isEqualTo(new ComStmtSendLongData(7, 0, new byte[0]));
    }

    @Test
    void printsTheDataLengthOnly() {
        assertThat(CAPTURED.toString()).contains("48 bytes").doesNotContain("abc");
    }
}
