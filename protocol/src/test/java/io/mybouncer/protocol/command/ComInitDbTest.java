package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import org.junit.jupiter.api.Test;

class ComInitDbTest {
    @Test
    void decodesCapturedUseStatement() {
        assertThat(Wire.decode("com_init_db", ComInitDb::decode)).isEqualTo(new ComInitDb("test"));
    }

    @Test
    void encodesCapturedUseStatement() {
        assertThat(GoldenVectors.encode(new ComInitDb("test")::encode)).isEqualTo(Wire.payload("com_init_db"));
    }

    @Test
    void rejectsAnotherCommandByte() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x03, 't'}, ComInitDb::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("COM_INIT_DB: command at offset 0: 0x03 (expected: 0x02)");
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[0], ComInitDb::decode)).isInstanceOf(ProtocolException.class);
    }
}
