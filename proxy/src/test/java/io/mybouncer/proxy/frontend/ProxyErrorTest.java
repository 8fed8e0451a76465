package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.packet.Packet;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProxyErrorTest {
    @Test
    void writesAnErrWithTheSqlStateMarker() {
        Packet packet = ProxyError.ACCESS_DENIED.toPacket(UnpooledByteBufAllocator.DEFAULT, 2, "app", "10.0.0.7", "YES");
        try {
            assertThat(packet.sequenceId()).isEqualTo(2);
            String message = "Access denied for user 'app'@'10.0.0.7' (using password: YES)";
            assertThat(ByteBufUtil.hexDump(packet.content())).isEqualTo("ff" + "1504" // header, 1045 LE
                    + "23" + HexFormat.of().formatHex("28000".getBytes()) // '#', SQLSTATE
                    + HexFormat.of().formatHex(message.getBytes()));
        } finally {
            packet.release();
        }
    }

    @Test
    void usesMysqlCodesDriversRecognise() {
        assertThat(ProxyError.TOO_MANY_CONNECTIONS.toErrPacket(1000).errorCode()).isEqualTo(1040);
        assertThat(ProxyError.POOL_TIMEOUT.message("app@shop", 20, 10000))
                .contains("pool 'app@shop'", "size 20", "10000 ms");
        assertThat(ProxyError.BACKEND_UNREACHABLE.toErrPacket("db:3306", "Connection refused").errorCode())
                .isEqualTo(2003);
        assertThat(ProxyError.UNKNOWN_COMMAND.message(0x1f)).isEqualTo("Unknown command 0x1F");
        assertThat(ProxyError.COMMAND_REFUSED.message("COM_BINLOG_DUMP", "replication needs its own connection"))
                .startsWith("mybouncer does not relay COM_BINLOG_DUMP");
    }

    @Test
    void everyErrorHasAFiveCharacterSqlStateAndAMysqlErrorCode() {
        assertThat(ProxyError.values()).allSatisfy(error -> {
            assertThat(error.sqlState()).hasSize(5);
            assertThat(error.code()).isBetween(1000, 3999);
        });
    }
}
