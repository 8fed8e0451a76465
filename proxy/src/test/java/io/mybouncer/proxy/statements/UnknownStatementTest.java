package io.mybouncer.proxy.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.command.StatementId;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.proxy.frontend.ProxyError;
import org.junit.jupiter.api.Test;

class UnknownStatementTest {
    @Test
    void answersAsMariaDbDoesWordForWord() {
        ErrPacket err = ProxyError.UNKNOWN_STATEMENT.toErrPacket(
                UnknownStatement.errorArguments(CommandType.COM_STMT_EXECUTE, 77));
        assertThat(err.errorCode()).isEqualTo(1243);
        assertThat(err.sqlState()).isEqualTo("HY000");
        assertThat(err.message()).isEqualTo("Unknown prepared statement handler (77) given to mysqld_stmt_execute");
        assertThat(ProxyError.UNKNOWN_STATEMENT.message(
                UnknownStatement.errorArguments(CommandType.COM_STMT_EXECUTE, StatementId.LAST_PREPARED)))
                .isEqualTo("Unknown prepared statement handler (4294967295) given to mysqld_stmt_execute");
        assertThat(ProxyError.UNKNOWN_STATEMENT.message(UnknownStatement.errorArguments(CommandType.COM_STMT_FETCH, 5)))
                .endsWith("(5) given to mysqld_stmt_fetch");
        assertThat(ProxyError.UNKNOWN_STATEMENT.message(UnknownStatement.errorArguments(CommandType.COM_STMT_RESET, 5)))
                .endsWith("(5) given to mysqld_stmt_reset");
    }

    @Test
    void dropsTheCommandsThatHaveNoResponse() {
        assertThat(UnknownStatement.answered(CommandType.COM_STMT_EXECUTE)).isTrue();
        assertThat(UnknownStatement.answered(CommandType.COM_STMT_SEND_LONG_DATA)).isFalse();
        assertThat(UnknownStatement.answered(CommandType.COM_STMT_CLOSE)).isFalse();
        assertThatThrownBy(() -> UnknownStatement.errorArguments(CommandType.COM_STMT_CLOSE, 5))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnknownStatement.answered(CommandType.COM_QUERY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
