package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import java.util.Arrays;
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
        byte[] payload = Wire.payload("com_stmt_fetch");
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> GoldenVectors.decode(truncated, ComStmtFetch::decode))
                    .as("length %d", length).isInstanceOf(ProtocolException.class);
        }
    }
}
