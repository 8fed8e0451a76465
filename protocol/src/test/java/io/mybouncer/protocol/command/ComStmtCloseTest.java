package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import java.util.Arrays;
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
        byte[] payload = Wire.payload("com_stmt_close");
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> GoldenVectors.decode(truncated, ComStmtClose::decode))
                    .as("length %d", length).isInstanceOf(ProtocolException.class);
        }
    }
}
