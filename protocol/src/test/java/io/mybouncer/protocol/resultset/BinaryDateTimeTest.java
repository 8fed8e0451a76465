package io.mybouncer.protocol.resultset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.packet.ProtocolException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BinaryDateTimeTest {
    @Test
    void sendsTheShortestLengthThePartsAllow() {
        assertThat(BinaryDateTime.ZERO.toBytes()).isEmpty();
        assertThat(new BinaryDateTime(1999, 12, 31, 0, 0, 0, 0).toBytes())
                .containsExactly(0xCF, 0x07, 0x0C, 0x1F);
        assertThat(new BinaryDateTime(2001, 2, 3, 4, 5, 6, 0).toBytes())
                .containsExactly(0xD1, 0x07, 0x02, 0x03, 0x04, 0x05, 0x06);
        assertThat(new BinaryDateTime(2024, 2, 29, 13, 45, 7, 123_456).toBytes())
                .containsExactly(0xE8, 0x07, 0x02, 0x1D, 0x0D, 0x2D, 0x07, 0x40, 0xE2, 0x01, 0x00);
    }

    @Test
    void decodesEveryAllowedLength() {
        for (BinaryDateTime value : new BinaryDateTime[] {BinaryDateTime.ZERO, new BinaryDateTime(2024, 1, 1, 0, 0, 0, 0),
            new BinaryDateTime(2024, 1, 1, 10, 20, 30, 0), new BinaryDateTime(9999, 12, 31, 23, 59, 59, 999_999)}) {
            assertThat(BinaryDateTime.decode(value.toBytes())).isEqualTo(value);
        }
    }

    @Test
    void keepsZeroDatesThatJavaCannotRepresent() {
        BinaryDateTime zeroDay = BinaryDateTime.decode(new byte[] {(byte) 0xE8, 0x07, 0x02, 0x00});

        assertThat(zeroDay).hasToString("2024-02-00 00:00:00.000000");
        assertThatThrownBy(zeroDay::toLocalDateTime).isInstanceOf(DateTimeException.class);
    }

    @Test
    void convertsToAndFromLocalDateTime() {
        LocalDateTime time = LocalDateTime.of(2038, 1, 19, 3, 14, 7, 500_000_000);

        assertThat(BinaryDateTime.of(time).toLocalDateTime()).isEqualTo(time);
    }

    @Test
    void rejectsOtherLengthsAndOutOfRangeParts() {
        assertThatThrownBy(() -> BinaryDateTime.decode(new byte[5])).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> BinaryDateTime.decode(new byte[] {0x01, 0x00, 0x0D, 0x01}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("0001-13-01");
        byte[] microseconds = {(byte) 0xE8, 0x07, 0x01, 0x01, 0x00, 0x00, 0x00, 0x40, 0x42, 0x0F, 0x00};
        assertThatThrownBy(() -> BinaryDateTime.decode(microseconds)).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new BinaryDateTime(2024, 1, 1, 24, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll @Size(max = 13) byte[] bytes) {
        Throwable thrown = catchThrowable(() -> BinaryDateTime.decode(bytes));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProtocolException.class);
        }
    }
}
