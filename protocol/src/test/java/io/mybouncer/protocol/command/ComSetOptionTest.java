package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.command.ComSetOption.Option;
import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import org.junit.jupiter.api.Test;

class ComSetOptionTest {
    @Test
    void decodesCapturedMultiStatementsOn() {
        assertThat(Wire.decode("com_set_option_on", ComSetOption::decode))
                .isEqualTo(new ComSetOption(Option.MYSQL_OPTION_MULTI_STATEMENTS_ON));
    }

    @Test
    void encodesCapturedMultiStatementsOn() {
        assertThat(GoldenVectors.encode(new ComSetOption(Option.MYSQL_OPTION_MULTI_STATEMENTS_ON)::encode))
                .isEqualTo(Wire.payload("com_set_option_on"));
    }

    @Test
    void decodesCapturedMultiStatementsOff() {
        assertThat(Wire.decode("com_set_option_off", ComSetOption::decode))
                .isEqualTo(new ComSetOption(Option.MYSQL_OPTION_MULTI_STATEMENTS_OFF));
    }

    @Test
    void encodesCapturedMultiStatementsOff() {
        assertThat(GoldenVectors.encode(new ComSetOption(Option.MYSQL_OPTION_MULTI_STATEMENTS_OFF)::encode))
                .isEqualTo(Wire.payload("com_set_option_off"));
    }

    @Test
    void rejectsAnUnknownOption() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x1B, 0x02, 0x00}, ComSetOption::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("COM_SET_OPTION: option at offset 1: 2 (expected: 0 (multi statements on) or 1 (off))");
    }

    @Test
    void rejectsATruncatedOption() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x1B, 0x00}, ComSetOption::decode))
                .isInstanceOf(ProtocolException.class);
    }
}
