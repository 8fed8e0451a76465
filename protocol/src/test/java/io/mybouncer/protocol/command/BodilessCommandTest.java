package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodilessCommandTest {
    @ParameterizedTest
    @CsvSource({
        "com_quit, COM_QUIT",
        "com_ping, COM_PING",
        "com_statistics, COM_STATISTICS",
        "com_debug, COM_DEBUG",
        "com_reset_connection, COM_RESET_CONNECTION",
    })
    void decodesAndEncodesEachCapturedCommand(String vector, CommandType type) {
        assertThat(Wire.decode(vector, BodilessCommand::decode)).isEqualTo(new BodilessCommand(type));
        assertThat(GoldenVectors.encode(new BodilessCommand(type)::encode)).isEqualTo(Wire.payload(vector));
    }

    @Test
    void offersAConstantPerCommand() {
        assertThat(GoldenVectors.encode(BodilessCommand.PING::encode)).containsExactly(0x0E);
        assertThat(GoldenVectors.encode(BodilessCommand.RESET_CONNECTION::encode)).containsExactly(0x1F);
        assertThat(BodilessCommand.QUIT.type()).isEqualTo(CommandType.COM_QUIT);
        assertThat(BodilessCommand.STATISTICS.type()).isEqualTo(CommandType.COM_STATISTICS);
        assertThat(BodilessCommand.DEBUG.type()).isEqualTo(CommandType.COM_DEBUG);
    }

    @Test
    void consumesAndIgnoresTrailingBytes() {
        BodilessCommand decoded = GoldenVectors.decode(new byte[] {0x0E, 0x00, 0x01}, payload -> {
            BodilessCommand ping = BodilessCommand.decode(payload);
            assertThat(payload.isReadable()).isFalse();
            return ping;
        });
        assertThat(decoded).isEqualTo(BodilessCommand.PING);
    }

    @Test
    void rejectsACommandWithABody() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x03}, BodilessCommand::decode))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("0x03");
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {(byte) 0x99}, BodilessCommand::decode))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("0x99");
        assertThatThrownBy(() -> new BodilessCommand(CommandType.COM_QUERY)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BodilessCommand.isBodiless(CommandType.COM_INIT_DB)).isFalse();
        assertThat(BodilessCommand.isBodiless(CommandType.COM_PING)).isTrue();
    }

    @Test
    void rejectsAnEmptyPayload() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[0], BodilessCommand::decode)).isInstanceOf(ProtocolException.class);
    }
}
