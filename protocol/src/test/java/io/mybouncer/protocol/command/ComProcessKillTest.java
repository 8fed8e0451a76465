package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.golden.GoldenVectors;
import org.junit.jupiter.api.Test;

class ComProcessKillTest {
    @Test
    void decodesDocumentedShape() {
        assertThat(Wire.decode("com_process_kill", ComProcessKill::decode)).isEqualTo(new ComProcessKill(29));
    }

    @Test
    void encodesDocumentedShape() {
        assertThat(GoldenVectors.encode(new ComProcessKill(29)::encode)).isEqualTo(Wire.payload("com_process_kill"));
    }

    @Test
    void readsTheIdAsUnsigned() {
        byte[] payload = {0x0C, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThat(GoldenVectors.decode(payload, ComProcessKill::decode).connectionId()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void rejectsEveryTruncation() {
        GoldenVectors.assertEveryTruncationRejected(Wire.payload("com_process_kill"), ComProcessKill::decode);
    }
}
