package io.mybouncer.proxy.tracking;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** How often clients were pinned, by reason, over the proxy's life: {@code mybouncer_pins_total}. Thread-safe. */
public final class PinCounters {
    private final Map<PinReason, LongAdder> counts = new EnumMap<>(PinReason.class);

    public PinCounters() {
        for (PinReason reason : PinReason.values()) {
            counts.put(reason, new LongAdder());
        }
    }

    void pinned(PinReason reason) {
        counts.get(reason).increment();
    }

    public long count(PinReason reason) {
        return counts.get(reason).sum();
    }
}
