package io.mybouncer.protocol.leak;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when a {@link ByteBuf} it used was garbage-collected without being released.
 * Registered for every test class through JUnit's extension auto-detection
 * ({@code META-INF/services}), so no test can forget it.
 *
 * <p>Netty only notices a leak when a collected buffer's phantom reference is dequeued during a
 * later allocation, so after each class this collects garbage and allocates a few buffers to let
 * the detector look. The gate is as strong as the leak level: the build runs tests with
 * {@code paranoid}, which tracks every buffer.
 */
public final class LeakGate implements AfterAllCallback {
    private static final int PROBE_ROUNDS = 5;

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    static void check(String testClass) {
        for (int round = 0; round < PROBE_ROUNDS && !RecordingLeakDetector.anyReported(); round++) {
            System.gc();
            probe();
        }
        List<String> leaks = RecordingLeakDetector.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " ByteBuf leak(s) during " + testClass
                    + ":\n" + String.join("\n", leaks));
        }
    }

    /** Allocations are where the detector polls its reference queue. */
    private static void probe() {
        for (int i = 0; i < 64; i++) {
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(8);
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(8);
            pooled.release();
            unpooled.release();
        }
    }
}
