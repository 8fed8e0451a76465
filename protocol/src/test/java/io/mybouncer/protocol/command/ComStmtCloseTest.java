package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.golden.GoldenVectors;
import org.junit.jupiter.api.Test;

class ComStmtCloseTest {
    @Test
    void decodesCapturedClose() {
        assertThat(Wire.decode("com_stmt_close", ComStmtClose::decode)).isEqualTo(new ComStmtClose(8));
    }

    @Test
    void encodesCapturedClose() {
        assertThat(GoldenVectors.encode(new ComStmtClose(8)::encode)).isEqualTo(Wire.payload("com_stmt_close"));
    }

    @Test
    void rejectsEveryTruncation() {
        GoldenVectors.assertEveryTruncationRejected(Wire.payload("com_stmt_close"), ComStmtClose::decode);
    }
}
