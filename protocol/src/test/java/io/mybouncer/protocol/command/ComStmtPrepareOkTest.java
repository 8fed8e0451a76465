package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class ComStmtPrepareOkTest {
    private static final CapabilitySet MARIADB = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41);
    private static final CapabilitySet OPTIONAL_METADATA = MARIADB.with(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA);
    private static final ComStmtPrepareOk CAPTURED = new ComStmtPrepareOk(8, 2, 1, 0, true);
    private static final ComStmtPrepareOk METADATA_NONE = new ComStmtPrepareOk(42, 3, 2, 1, false);

    private static ComStmtPrepareOk decode(byte[] payload, CapabilitySet capabilities) {
        return GoldenVectors.decode(payload, p -> ComStmtPrepareOk.decode(p, capabilities));
    }

    @Test
    void decodesCapturedTwelveBytesFromMariaDb() {
        assertThat(decode(Wire.payload("com_stmt_prepare_ok"), MARIADB)).isEqualTo(CAPTURED);
    }

    @Test
    void encodesCapturedTwelveBytesFromMariaDb() {
        assertThat(GoldenVectors.encode(out -> CAPTURED.encode(out, MARIADB))).isEqualTo(Wire.payload("com_stmt_prepare_ok"));
    }

    @Test
    void decodesTwelveBytesUnderOptionalMetadataAsMetadataFollowing() {
        assertThat(decode(Wire.payload("com_stmt_prepare_ok"), OPTIONAL_METADATA))
                .isEqualTo(CAPTURED);
    }

    @Test
    void decodesMysqlMetadataFollowsNone() {
        assertThat(decode(Wire.payload("com_stmt_prepare_ok_metadata_follows"), OPTIONAL_METADATA))
                .isEqualTo(METADATA_NONE);
    }

    @Test
    void encodesMysqlMetadataFollowsNone() {
        assertThat(GoldenVectors.encode(out -> METADATA_NONE.encode(out, OPTIONAL_METADATA)))
                .isEqualTo(Wire.payload("com_stmt_prepare_ok_metadata_follows"));
    }

    @Test
    void ignoresTheThirteenthByteWithoutOptionalMetadata() {
        ComStmtPrepareOk decoded = decode(Wire.payload("com_stmt_prepare_ok_metadata_follows"), MARIADB);
        assertThat(decoded.metadataFollows()).isTrue();
        assertThat(decoded.warningCount()).isEqualTo(1);
    }

    @Test
    void rejectsEveryLengthBelowTwelve() {
        GoldenVectors.assertTruncationsRejected(Wire.payload("com_stmt_prepare_ok"), ComStmtPrepareOk.MIN_LENGTH,
                p -> ComStmtPrepareOk.decode(p, MARIADB));
    }

    @Test
    void rejectsAnErrPacket() {
        byte[] payload = Wire.payload("com_stmt_prepare_ok");
        payload[0] = (byte) 0xFF;
        assertThatThrownBy(() -> decode(payload, MARIADB))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("status at offset 0: 0xFF");
    }

    @Test
    void rewritesTheStatementIdInPlace() {
        ByteBuf payload = Unpooled.copiedBuffer(Wire.payload("com_stmt_prepare_ok"));
        try {
            ComStmtPrepareOk.rewriteStatementId(payload, 77);
            assertThat(ByteBufUtil.getBytes(payload))
                    .isEqualTo(GoldenVectors.encode(out -> new ComStmtPrepareOk(77, 2, 1, 0, true).encode(out, MARIADB)));
        } finally {
            payload.release();
        }
    }

    @Test
    void refusesToSkipMetadataWithoutTheCapability() {
        assertThatThrownBy(() -> GoldenVectors.encode(out -> METADATA_NONE.encode(out, MARIADB)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
