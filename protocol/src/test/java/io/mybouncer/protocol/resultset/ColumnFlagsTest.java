package io.mybouncer.protocol.resultset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnFlagsTest {
    @Test
    void definesTheDocumentedBitValues() {
        assertThat(new int[] {ColumnFlags.NOT_NULL, ColumnFlags.PRI_KEY, ColumnFlags.UNIQUE_KEY,
            ColumnFlags.MULTIPLE_KEY, ColumnFlags.BLOB, ColumnFlags.UNSIGNED, ColumnFlags.ZEROFILL, ColumnFlags.BINARY,
            ColumnFlags.ENUM, ColumnFlags.AUTO_INCREMENT, ColumnFlags.TIMESTAMP, ColumnFlags.SET,
            ColumnFlags.NO_DEFAULT_VALUE, ColumnFlags.ON_UPDATE_NOW, ColumnFlags.PART_KEY, ColumnFlags.NUM})
                .containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768);
    }

    @Test
    void namesCapturedPrimaryKeyFlags() {
        // test.rs_text.id as MariaDB 10.11 describes it: 03 42.
        ColumnFlags flags = new ColumnFlags(0x4203);

        assertThat(flags.notNull()).isTrue();
        assertThat(flags.has(ColumnFlags.PRI_KEY | ColumnFlags.AUTO_INCREMENT)).isTrue();
        assertThat(flags.unsigned()).isFalse();
        assertThat(flags).hasToString("ColumnFlags(0x4203 NOT_NULL|PRI_KEY|AUTO_INCREMENT|PART_KEY)");
        assertThat(ColumnFlags.NONE).hasToString("ColumnFlags(0x0000)");
    }

    @Test
    void keepsOnlyTheSixteenWireBits() {
        assertThat(new ColumnFlags(0x1_0020)).isEqualTo(ColumnFlags.of(ColumnFlags.UNSIGNED));
        assertThat(ColumnFlags.NONE.with(ColumnFlags.BINARY).binary()).isTrue();
    }
}
