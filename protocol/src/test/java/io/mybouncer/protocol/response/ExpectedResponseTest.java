package io.mybouncer.protocol.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ExpectedResponseTest {
    static Stream<Arguments> commands() {
        return Stream.of(
                arguments(CommandType.COM_QUIT, ExpectedResponse.NONE),
                arguments(CommandType.COM_STMT_CLOSE, ExpectedResponse.NONE),
                arguments(CommandType.COM_STMT_SEND_LONG_DATA, ExpectedResponse.NONE),
                arguments(CommandType.COM_QUERY, ExpectedResponse.TEXT_RESULT),
                arguments(CommandType.COM_PROCESS_INFO, ExpectedResponse.TEXT_RESULT),
                arguments(CommandType.COM_STMT_BULK_EXECUTE, ExpectedResponse.BINARY_RESULT),
                arguments(CommandType.COM_STMT_FETCH, ExpectedResponse.FETCH),
                arguments(CommandType.COM_STMT_PREPARE, ExpectedResponse.PREPARE),
                arguments(CommandType.COM_FIELD_LIST, ExpectedResponse.FIELD_LIST),
                arguments(CommandType.COM_STATISTICS, ExpectedResponse.STATISTICS),
                arguments(CommandType.COM_CHANGE_USER, ExpectedResponse.AUTHENTICATION),
                arguments(CommandType.COM_SET_OPTION, ExpectedResponse.EOF),
                arguments(CommandType.COM_DEBUG, ExpectedResponse.EOF),
                arguments(CommandType.COM_SHUTDOWN, ExpectedResponse.EOF),
                arguments(CommandType.COM_PING, ExpectedResponse.OK),
                arguments(CommandType.COM_INIT_DB, ExpectedResponse.OK),
                arguments(CommandType.COM_RESET_CONNECTION, ExpectedResponse.OK),
                arguments(CommandType.COM_STMT_RESET, ExpectedResponse.OK),
                arguments(CommandType.COM_PROCESS_KILL, ExpectedResponse.OK),
                arguments(CommandType.COM_REFRESH, ExpectedResponse.OK),
                arguments(CommandType.COM_SLEEP, ExpectedResponse.OK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void derivesTheResponseFromTheCommandByte(CommandType command, ExpectedResponse expected) {
        assertThat(of(command.code())).isEqualTo(expected);
    }

    @Test
    void readsTheCursorFlagOfStmtExecute() {
        assertThat(of(0x17, 1, 0, 0, 0, 0x00, 1, 0, 0, 0)).isEqualTo(ExpectedResponse.BINARY_RESULT);
        assertThat(of(0x17, 1, 0, 0, 0, 0x01, 1, 0, 0, 0)).isEqualTo(ExpectedResponse.BINARY_RESULT_CURSOR);
        assertThat(of(0x17, 1, 0, 0, 0, 0x08, 1, 0, 0, 0)).isEqualTo(ExpectedResponse.BINARY_RESULT);
    }

    @Test
    void rejectsStmtExecuteTooShortForItsFlags() {
        assertThatThrownBy(() -> of(0x17, 1, 0, 0, 0))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("flags");
    }

    @Test
    void rejectsAnEmptyCommand() {
        assertThatThrownBy(() -> ExpectedResponse.of(Unpooled.EMPTY_BUFFER)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void expectsErrForAnUnknownCommandByte() {
        assertThat(of(0x77)).isEqualTo(ExpectedResponse.OK);
    }

    @ParameterizedTest
    @EnumSource(value = CommandType.class, names = {"COM_BINLOG_DUMP", "COM_BINLOG_DUMP_GTID", "COM_CLONE",
            "COM_REGISTER_SLAVE", "COM_TABLE_DUMP", "COM_SUBSCRIBE_GROUP_REPLICATION_STREAM"})
    void refusesToTrackReplicationStreams(CommandType command) {
        assertThatThrownBy(() -> of(command.code())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void leavesTheReaderIndexAlone() {
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {0x03, 'x'});
        try {
            ExpectedResponse.of(payload);
            assertThat(payload.readerIndex()).isZero();
        } finally {
            payload.release();
        }
    }

    private static ExpectedResponse of(int... bytes) {
        ByteBuf payload = Unpooled.buffer(bytes.length);
        try {
            for (int b : bytes) {
                payload.writeByte(b);
            }
            return ExpectedResponse.of(payload);
        } finally {
            payload.release();
        }
    }
}
