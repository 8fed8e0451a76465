package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import org.junit.jupiter.api.Test;

class ComStmtPrepareTest {
    private static final ComStmtPrepare CAPTURED = new ComStmtPrepare("SELECT id, name FROM t2 WHERE id >= ?");

    @Test
    void decodesCapturedPrepare() {
        assertThat(Wire.decode("com_stmt_prepare", ComStmtPrepare::decode)).isEqualTo(CAPTURED);
    }

    @Test
    void encodesCapturedPrepare() {
        assertThat(GoldenVectors.encode(CAPTURED::encode)).isEqualTo(Wire.payload("com_stmt_prepare"));
    }

    @Test
    void decodesNonAsciiTextAsUtf8() {
        ComStmtPrepare prepare = new ComStmtPrepare("SELECT 'żółw' = ?");
        assertThat(GoldenVectors.decode(GoldenVectors.encode(prepare::encode), ComStmtPrepare::decode)).isEqualTo(prepare);
    }

    @Test
    void rejectsACommandByteOfAnotherCommand() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x17}, ComStmtPrepare::decode))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("COM_STMT_PREPARE");
    }
}
