package io.mybouncer.protocol.resultset;

import static io.mybouncer.protocol.golden.GoldenVectors.decode;
import static io.mybouncer.protocol.golden.GoldenVectors.encode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExtendedTypeInfoTest {
    @Test
    void encodesEmptyBlockAsOneZeroByte() {
        assertThat(encode(ExtendedTypeInfo.EMPTY::encode)).containsExactly(0x00);
    }

    @Test
    void encodesTypeNameBeforeFormat() {
        ExtendedTypeInfo info = new ExtendedTypeInfo("point", "json");
        byte[] bytes = encode(info::encode);

        assertThat(bytes).containsExactly(0x0D, 0x00, 0x05, 'p', 'o', 'i', 'n', 't', 0x01, 0x04, 'j', 's', 'o', 'n');
        assertThat(decode(bytes, ExtendedTypeInfo::decode)).isEqualTo(info);
    }

    @Test
    void acceptsFormatBeforeTypeName() {
        byte[] bytes = {0x0D, 0x01, 0x04, 'j', 's', 'o', 'n', 0x00, 0x05, 'p', 'o', 'i', 'n', 't'};

        assertThat(decode(bytes, ExtendedTypeInfo::decode)).isEqualTo(new ExtendedTypeInfo("point", "json"));
    }

    @Test
    void encodesValuesLongerThanOneLengthByte() {
        String longName = "x".repeat(300);
        ExtendedTypeInfo info = new ExtendedTypeInfo(longName, null);
        byte[] bytes = encode(info::encode);

        // 1 key byte + 3 length bytes (0xFC) + 300: a 304-byte block, itself behind 0xFC 30 01.
        assertThat(bytes).startsWith(0xFC, 0x30, 0x01, 0x00, 0xFC, 0x2C, 0x01);
        assertThat(bytes).hasSize(3 + 304);
        assertThat(decode(bytes, ExtendedTypeInfo::decode)).isEqualTo(info);
    }

    @Test
    void rejectsUnknownKey() {
        byte[] bytes = {0x03, 0x02, 0x01, 'x'};

        assertThatThrownBy(() -> decode(bytes, ExtendedTypeInfo::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("extended_type_info key at offset 1: 2");
    }

    @Test
    void rejectsRepeatedKey() {
        byte[] bytes = {0x06, 0x00, 0x01, 'a', 0x00, 0x01, 'b'};

        assertThatThrownBy(() -> decode(bytes, ExtendedTypeInfo::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("offset 4");
    }

    @Test
    void keepsEntriesInsideTheirBlock() {
        // The block claims 4 bytes, its one entry claims 5: the bytes after the block are not its own.
        byte[] bytes = "\u0004\u0000\u0005abcde".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> decode(bytes, ExtendedTypeInfo::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("type name");
    }

    @Test
    void rejectsBlockLongerThanPayload() {
        byte[] bytes = {0x08, 0x00, 0x02, 'a', 'b'};

        assertThatThrownBy(() -> decode(bytes, ExtendedTypeInfo::decode))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("extended_type_info");
    }
}
