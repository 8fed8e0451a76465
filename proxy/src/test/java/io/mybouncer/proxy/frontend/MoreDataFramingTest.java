package io.mybouncer.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.auth.CachingSha2Step;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MoreDataFramingTest {
    private static final Map<String, String> CONNECTOR_J = Map.of("_client_name", "MySQL Connector/J");

    @Test
    void connectorJBehindAMariaDbVersionGetsThePluginDataAlone() {
        assertThat(MoreDataFraming.withoutStatusByte("5.5.5-10.11.19-MariaDB-0+deb12u1", CONNECTOR_J)).isTrue();
        assertThat(MoreDataFraming.withoutStatusByte("5.5.15", CONNECTOR_J)).isTrue();
    }

    @Test
    void everyoneElseGetsTheStatusByte() {
        assertThat(MoreDataFraming.withoutStatusByte("5.5.16", CONNECTOR_J)).isFalse();
        assertThat(MoreDataFraming.withoutStatusByte("8.4.3", CONNECTOR_J)).isFalse();
        assertThat(MoreDataFraming.withoutStatusByte("5.5.5-10.11.19-MariaDB",
                Map.of("_client_name", "MariaDB Connector/J"))).isFalse();
        assertThat(MoreDataFraming.withoutStatusByte("5.5.5-10.11.19-MariaDB", Map.of())).isFalse();
        assertThat(MoreDataFraming.withoutStatusByte("unparsable", CONNECTOR_J)).isFalse();
    }

    @Test
    void writesTheSameDataWithOrWithoutTheStatusByte() {
        ByteBuf with = Unpooled.buffer();
        ByteBuf without = Unpooled.buffer();
        try {
            MoreDataFraming.writer(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.toAuthMoreData(), false).accept(with);
            MoreDataFraming.writer(CachingSha2Step.PERFORM_FULL_AUTHENTICATION.toAuthMoreData(), true).accept(without);

            assertThat(ByteBufUtil.getBytes(with)).containsExactly(0x01, 0x04);
            assertThat(ByteBufUtil.getBytes(without)).containsExactly(0x04);
        } finally {
            with.release();
            without.release();
        }
    }
}
