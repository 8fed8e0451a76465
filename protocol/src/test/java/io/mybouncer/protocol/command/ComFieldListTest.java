package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.ProtocolException;
import org.junit.jupiter.api.Test;

class ComFieldListTest {
    @Test
    void decodesCapturedRehashWithoutWildcard() {
        assertThat(Wire.decode("com_field_list", ComFieldList::decode)).isEqualTo(new ComFieldList("t1", ""));
    }

    @Test
    void encodesCapturedRehashWithoutWildcard() {
        assertThat(GoldenVectors.encode(new ComFieldList("t1", "")::encode)).isEqualTo(Wire.payload("com_field_list"));
    }

    @Test
    void decodesCapturedWildcard() {
        assertThat(Wire.decode("com_field_list_wildcard", ComFieldList::decode)).isEqualTo(new ComFieldList("t2", "n%"));
    }

    @Test
    void encodesCapturedWildcard() {
        assertThat(GoldenVectors.encode(new ComFieldList("t2", "n%")::encode)).isEqualTo(Wire.payload("com_field_list_wildcard"));
    }

    @Test
    void rejectsATableNameWithoutTerminator() {
        assertThatThrownBy(() -> GoldenVectors.decode(new byte[] {0x04, 't', '1'}, ComFieldList::decode))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("COM_FIELD_LIST table");
    }
}
