package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.golden.GoldenVectors;
import org.junit.jupiter.api.Test;

class ComStmtResetTest {
    @Test
    void decodesCapturedReset() {
        assertThat(Wire.decode("com_stmt_reset", ComStmtReset::decode)).isEqualTo(new ComStmtReset(5));
    }

    @Test
    void encodesCapturedReset() {
        assertThat(GoldenVectors.encode(new ComStmtReset(5)::encode)).isEqualTo(Wire.payload("com_stmt_reset"));
    }

    @Test
    void rejectsEveryTruncation() {
        GoldenVectors.assertEveryTruncationRejected(Wire.payload("com_stmt_reset"), ComStmtReset::decode);
    }
}
