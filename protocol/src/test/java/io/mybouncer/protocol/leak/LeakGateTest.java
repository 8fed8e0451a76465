package io.mybouncer.protocol.leak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakGateTest {
    @Test
    void buildInstallsTheRecordingDetector() {
        assertThat(System.getProperty("io.netty.customResourceLeakDetector"))
                .isEqualTo(RecordingLeakDetector.class.getName());
    }

    @Test
    void gateFailsOnABufferThatWasNeverReleased() {
        leakOneBuffer();
        assertThatThrownBy(() -> LeakGate.check("LeakGateTest"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LEAK:");
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeInt(42);
    }
}
