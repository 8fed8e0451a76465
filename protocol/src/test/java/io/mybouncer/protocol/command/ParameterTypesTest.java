package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterTypesTest {
    @Test
    void readsTypesAndFlagsOfAnUnnamedBlock() {
        ParameterTypes types = ParameterTypes.of(new byte[] {0x03, 0x00, (byte) 0xFD, 0x00, 0x08, (byte) 0x80});
        assertThat(types.count()).isEqualTo(3);
        assertThat(types.named()).isFalse();
        assertThat(types.type(1)).isEqualTo(0xFD);
        assertThat(types.isUnsigned(2)).isTrue();
        assertThat(types.isUnsigned(0)).isFalse();
        assertThat(types.names()).isEmpty();
    }

    @Test
    void buildsTheWireBlockOfANamedBlock() {
        ParameterTypes types = ParameterTypes.named(new byte[] {0x08, (byte) 0x80, (byte) 0xFE, 0x00}, List.of("", "ts"));
        assertThat(types.block()).containsExactly(0x08, 0x80, 0x00, 0xFE, 0x00, 0x02, 't', 's');
        assertThat(types.type(1)).isEqualTo(0xFE);
        assertThat(types.flags(0)).isEqualTo(0x80);
        assertThat(types.names()).containsExactly("", "ts");
        assertThat(types).hasToString("ParameterTypes[:0x08 unsigned, ts:0xFE]");
    }

    @Test
    void isAValueOverItsBytes() {
        byte[] block = {0x03, 0x00};
        ParameterTypes types = ParameterTypes.of(block);
        block[0] = 0x08;
        assertThat(types.type(0)).as("copied on the way in").isEqualTo(0x03);
        assertThat(types).isEqualTo(ParameterTypes.of(new byte[] {0x03, 0x00}))
                .hasSameHashCodeAs(ParameterTypes.of(new byte[] {0x03, 0x00}))
                .isNotEqualTo(ParameterTypes.of(new byte[] {0x03, (byte) 0x80}));
    }

    @Test
    void refusesABlockThatDoesNotHoldItsCount() {
        assertThatThrownBy(() -> new ParameterTypes(2, false, new byte[] {0x03, 0x00})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParameterTypes(1, false, new byte[] {0x03, 0x00, 0x00})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ParameterTypes(1, true, new byte[] {0x03, 0x00, 0x05, 'a'})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParameterTypes.of(new byte[] {0x03})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ParameterTypes.of(new byte[] {0x03, 0x00}).type(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
