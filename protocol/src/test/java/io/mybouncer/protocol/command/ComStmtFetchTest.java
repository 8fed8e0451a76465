package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.golden.GoldenVectors;
import org.junit.jupiter.api.Test;

class ComStmtFetchTest {
    @Test
    void decodesCapturedFetchOfTwoRows() {
        assertThat(Wire.decode("com_stmt_fetch", ComStmtFetch::decode)).isEqualTo(new ComStmtFetch(4, 2));
    }

    @Test
    void encodesCapturedFetchOfTwoRows() {
        assertThat(GoldenVectors.encode(new ComStmtFetch(4, 2)::encode)).isEqualTo(Wire.payload("com_stmt_fetch"));
    }

    @Test
    void rejectsEveryTruncation() {
        GoldenVectors.assertEveryTruncationRejected(Wire.payload("com_stmt_fetch"), ComStmtFetch::decode);
    }
}
