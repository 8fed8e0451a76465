package io.mybouncer.protocol.leak;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

class LeakGateTest {
    @Test
    void buildInstallsTheRecordingDetector() {
        assertThat(System.getProperty("io.netty.customResourceLeakDetector"))
                .isEqualTo(RecordingLeakDetector.class.getName());
    }

    /**
     * The collector decides when the leaked buffer's reference is queued, so the gate is asked a few
     * times (each ask collects garbage again); a gate that never reports fails the test.
     */
    @Test
    void gateFailsOnABufferThatWasNeverReleased() {
        leakOneBuffer();
        AssertionError reported = null;
        for (int attempt = 0; attempt < 10 && reported == null; attempt++) {
            try {
                LeakGate.check("LeakGateTest");
            } catch (AssertionError e) {
                reported = e;
            }
        }
        assertThat(reported).as("leak report").isNotNull();
        assertThat(reported.getMessage()).contains("LEAK:");
    }

    private static void leakOneBuffer() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.buffer(16);
        leaked.writeInt(42);
    }
}
