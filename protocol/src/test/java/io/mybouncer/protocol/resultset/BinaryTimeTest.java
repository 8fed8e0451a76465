package io.mybouncer.protocol.resultset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mybouncer.protocol.packet.ProtocolException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BinaryTimeTest {
    @Test
    void carriesNegativeIntervalsAsSignDaysAndParts() {
        // '-25:30:15.500000' as MariaDB 10.11 sent it (binary-rows.hex, first row).
        byte[] bytes = {0x01, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1E, 0x0F, 0x20, (byte) 0xA1, 0x07, 0x00};

        BinaryTime time = BinaryTime.decode(bytes);

        assertThat(time).isEqualTo(new BinaryTime(true, 1, 1, 30, 15, 500_000));
        assertThat(time.toDuration()).isEqualTo(Duration.parse("-PT25H30M15.5S"));
        assertThat(BinaryTime.of(time.toDuration())).isEqualTo(time);
        assertThat(time.toBytes()).isEqualTo(bytes);
    }

    @Test
    void sendsTheShortestLengthThePartsAllow() {
        assertThat(BinaryTime.ZERO.toBytes()).isEmpty();
        assertThat(new BinaryTime(true, 0, 0, 0, 0, 0).toBytes()).isEmpty();
        assertThat(BinaryTime.of(Duration.parse("PT12H34M56S")).toBytes())
                .containsExactly(0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x22, 0x38);
        assertThat(BinaryTime.of(Duration.ofNanos(1000)).toBytes()).hasSize(12);
    }

    @Test
    void decodesEveryAllowedLength() {
        assertThat(BinaryTime.decode(new byte[0])).isEqualTo(BinaryTime.ZERO);
        BinaryTime eight = new BinaryTime(false, 34, 22, 59, 59, 0);
        assertThat(BinaryTime.decode(eight.toBytes())).isEqualTo(eight);
    }

    @Test
    void rejectsOtherLengthsBadSignAndOutOfRangeParts() {
        assertThatThrownBy(() -> BinaryTime.decode(new byte[7])).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> BinaryTime.decode(new byte[] {0x02, 0, 0, 0, 0, 1, 0, 0}))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("is_negative");
        assertThatThrownBy(() -> BinaryTime.decode(new byte[] {0x00, 0, 0, 0, 0, 24, 0, 0}))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> new BinaryTime(false, -1, 0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void hostileBytesRaiseOnlyProtocolException(@ForAll @Size(max = 13) byte[] bytes) {
        Throwable thrown = catchThrowable(() -> BinaryTime.decode(bytes));

        if (thrown != null) {
            assertThat(thrown).isInstanceOf(ProtocolException.class);
        }
    }
}
