package io.mybouncer.protocol.resultset;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static io.mybouncer.protocol.golden.GoldenVectors.assertEveryTruncationRejected;
import static io.mybouncer.protocol.resultset.ResultSetVectors.assertOnlyProtocolException;
import static io.mybouncer.protocol.resultset.ResultSetVectors.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.resultset.ColumnCount.Metadata;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ColumnCountTest {
    /** What the mariadb CLI and MariaDB Connector/J negotiate with MariaDB 10.11 (CLIENT_MYSQL clear). */
    static final CapabilitySet MARIADB_CACHE_METADATA = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41,
            Capability.MARIADB_CLIENT_CACHE_METADATA, Capability.MARIADB_CLIENT_EXTENDED_METADATA);
    /** MySQL Connector/J: CLIENT_MYSQL set, so the upper 32 bits mean nothing. */
    static final CapabilitySet MYSQL_CLIENT = CapabilitySet.of(Capability.CLIENT_MYSQL,
            Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_DEPRECATE_EOF);
    static final CapabilitySet MYSQL_OPTIONAL_METADATA = MYSQL_CLIENT.with(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA);

    @Test
    void decodesMariaDbCountFollowedByMetadataFull() {
        byte[] bytes = payload("text-column-count");

        ColumnCount count = decode(bytes, b -> ColumnCount.decode(b, MARIADB_CACHE_METADATA));

        assertThat(count).isEqualTo(new ColumnCount(6, Metadata.FULL));
        assertThat(count.metadataFollows()).isTrue();
        assertThat(encode(count::encode)).isEqualTo(bytes);
    }

    @Test
    void decodesMariaDbExecuteCountThatSkipsCachedMetadata() {
        byte[] bytes = payload("extended-metadata-column-count");

        ColumnCount count = decode(bytes, b -> ColumnCount.decode(b, MARIADB_CACHE_METADATA));

        assertThat(count).isEqualTo(new ColumnCount(5, Metadata.NONE));
        assertThat(count.metadataFollows()).isFalse();
        assertThat(encode(count::encode)).isEqualTo(bytes);
    }

    @Test
    void decodesPlainCountWithoutMetadataByte() {
        byte[] bytes = payload("binary-column-count");

        ColumnCount count = decode(bytes, b -> ColumnCount.decode(b, MYSQL_CLIENT));

        assertThat(count).isEqualTo(ColumnCount.of(18));
        assertThat(count.metadataFollows()).isTrue();
        assertThat(encode(count::encode)).isEqualTo(bytes);
    }

    @Test
    void decodesMySqlOptionalMetadataCountBeforeFlag() {
        byte[] bytes = payload("optional-metadata-column-count");

        ColumnCount count = decode(bytes, b -> ColumnCount.decode(b, MYSQL_OPTIONAL_METADATA));

        assertThat(count).isEqualTo(new ColumnCount(3, Metadata.NONE));
        assertThat(encode(count::encode)).isEqualTo(bytes);
    }

    @Test
    void readsSameBytesByNegotiatedCapabilities() {
        byte[] bytes = payload("text-column-count");

        // Without either capability the second byte is not a flag but junk after the count.
        assertThatThrownBy(() -> decode(bytes, b -> ColumnCount.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void ignoresMariaDbCacheMetadataBitWhenClientMysqlIsSet() {
        CapabilitySet caps = MYSQL_CLIENT.with(Capability.MARIADB_CLIENT_CACHE_METADATA);

        ColumnCount count = decode(payload("binary-column-count"), b -> ColumnCount.decode(b, caps));

        assertThat(ColumnCount.hasMetadataByte(caps)).isFalse();
        assertThat(count).isEqualTo(ColumnCount.of(18));
    }

    @Test
    void encodesLargeCountsWithLenencPrefix() {
        ColumnCount count = ColumnCount.of(70_000);
        byte[] bytes = encode(count::encode);

        ColumnCount decoded = decode(bytes, b -> ColumnCount.decode(b, MYSQL_CLIENT));

        assertThat(bytes).containsExactly(0xFD, 0x70, 0x11, 0x01);
        assertThat(decoded).isEqualTo(count);
    }

    @Test
    void rejectsCountOfTwoToTheSixty() {
        byte[] bytes = {(byte) 0xFE, 0, 0, 0, 0, 0, 0, 0, 0x10};

        assertThatThrownBy(() -> decode(bytes, b -> ColumnCount.decode(b, MYSQL_CLIENT)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("column_count")
                .hasMessageContaining("1152921504606846976");
    }

    @Test
    void rejectsZeroNullAndErrFirstBytes() {
        for (int first : new int[] {0x00, 0xFB, 0xFF}) {
            byte[] bytes = {(byte) first};
            assertThatThrownBy(() -> decode(bytes, b -> ColumnCount.decode(b, MYSQL_CLIENT)))
                    .as("first byte 0x%02X", first)
                    .isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void rejectsMetadataFlagOtherThanZeroOrOne() {
        byte[] bytes = {0x02, 0x02};

        assertThatThrownBy(() -> decode(bytes, b -> ColumnCount.decode(b, MARIADB_CACHE_METADATA)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("metadata_follows");
    }

    @Test
    void rejectsEveryTruncation() {
        assertEveryTruncationRejected(payload("text-column-count"), b -> ColumnCount.decode(b, MARIADB_CACHE_METADATA));
        assertEveryTruncationRejected(new byte[] {(byte) 0xFD, 0x70, 0x11, 0x01},
                b -> ColumnCount.decode(b, MYSQL_CLIENT));
    }

    @Test
    void refusesToBuildAnEmptyCount() {
        assertThatThrownBy(() -> ColumnCount.of(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll("hostile") byte[] bytes, @ForAll boolean mariaDb) {
        assertOnlyProtocolException(bytes,
                b -> ColumnCount.decode(b, mariaDb ? MARIADB_CACHE_METADATA : MYSQL_OPTIONAL_METADATA));
    }

    @Provide
    Arbitrary<byte[]> hostile() {
        return Arbitraries.oneOf(ResultSetVectors.random(), ResultSetVectors.mutated(List.of(
                payload("text-column-count"), payload("binary-column-count"), payload("optional-metadata-column-count"))));
    }
}
