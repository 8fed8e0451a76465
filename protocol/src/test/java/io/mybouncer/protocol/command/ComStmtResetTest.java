package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import java.util.Arrays;
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
        byte[] payload = Wire.payload("com_stmt_reset");
        for (int length = 0; length < payload.length; length++) {
            byte[] truncated = Arrays.copyOf(payload, length);
            assertThatThrownBy(() -> GoldenVectors.decode(truncated, ComStmtReset::decode))
                    .as("length %d", length).isInstanceOf(ProtocolException.class);
        }
    }
}
