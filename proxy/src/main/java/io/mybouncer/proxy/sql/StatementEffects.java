package io.mybouncer.proxy.sql;

import java.util.EnumSet;
import java.util.Set;

/**
 * The {@link Effect}s of one query, all statements of a multi-statement query together: an immutable
 * set over one {@code int}. "No effect" and each single effect are shared instances, so classifying
 * the common query allocates nothing.
 */
public final class StatementEffects {
    private static final Effect[] EFFECTS = Effect.values();
    /** A query that touches no state the classifier knows of. */
    public static final StatementEffects NONE = new StatementEffects(0);
    private static final StatementEffects[] SINGLE = singles();

    private final int bits;

    private StatementEffects(int bits) {
        this.bits = bits;
    }

    /** The effects whose {@link Effect#bit()}s are set in {@code bits}. */
    static StatementEffects ofBits(int bits) {
        if (bits == 0) {
            return NONE;
        }
        return Integer.bitCount(bits) == 1 ? SINGLE[Integer.numberOfTrailingZeros(bits)] : new StatementEffects(bits);
    }

    public static StatementEffects of(Effect... effects) {
        int bits = 0;
        for (Effect effect : effects) {
            bits |= effect.bit();
        }
        return ofBits(bits);
    }

    public boolean has(Effect effect) {
        return (bits & effect.bit()) != 0;
    }

    public boolean isEmpty() {
        return bits == 0;
    }

    /** A new mutable copy, in {@link Effect} order. */
    public Set<Effect> toSet() {
        EnumSet<Effect> set = EnumSet.noneOf(Effect.class);
        for (Effect effect : EFFECTS) {
            if (has(effect)) {
                set.add(effect);
            }
        }
        return set;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatementEffects other && bits == other.bits;
    }

    @Override
    public int hashCode() {
        return bits;
    }

    @Override
    public String toString() {
        return "StatementEffects" + toSet();
    }

    private static StatementEffects[] singles() {
        if (EFFECTS.length > Integer.SIZE) {
            throw new IllegalStateException(EFFECTS.length + " effects do not fit the int of StatementEffects");
        }
        StatementEffects[] singles = new StatementEffects[EFFECTS.length];
        for (Effect effect : EFFECTS) {
            singles[effect.ordinal()] = new StatementEffects(effect.bit());
        }
        return singles;
    }
}
