package io.mybouncer.protocol.packet;

import java.util.EnumSet;
import java.util.Set;

/**
 * An immutable set of {@link Capability} flags over one {@code long}: the low 32 bits are MySQL's,
 * the upper 32 MariaDB's extended capabilities.
 */
public record CapabilitySet(long bits) {
    public static final CapabilitySet NONE = new CapabilitySet(0);

    public static CapabilitySet of(Capability... capabilities) {
        long bits = 0;
        for (Capability c : capabilities) {
            bits |= c.mask();
        }
        return new CapabilitySet(bits);
    }

    /** Joins the lower and upper (MariaDB extended) 32-bit halves as they travel on the wire. */
    public static CapabilitySet ofHalves(long lower, long upper) {
        return new CapabilitySet((lower & 0xFFFF_FFFFL) | (upper << 32));
    }

    public boolean has(Capability capability) {
        return (bits & capability.mask()) != 0;
    }

    public CapabilitySet with(Capability capability) {
        return new CapabilitySet(bits | capability.mask());
    }

    public CapabilitySet without(Capability capability) {
        return new CapabilitySet(bits & ~capability.mask());
    }

    public CapabilitySet or(CapabilitySet other) {
        return new CapabilitySet(bits | other.bits);
    }

    public CapabilitySet and(CapabilitySet other) {
        return new CapabilitySet(bits & other.bits);
    }

    /** The low 32 bits: MySQL's capability flags. */
    public long lower() {
        return bits & 0xFFFF_FFFFL;
    }

    /** The upper 32 bits: MariaDB's extended capabilities. */
    public long upper() {
        return bits >>> 32;
    }

    public boolean deprecateEof() {
        return has(Capability.CLIENT_DEPRECATE_EOF);
    }

    public boolean sessionTrack() {
        return has(Capability.CLIENT_SESSION_TRACK);
    }

    public boolean protocol41() {
        return has(Capability.CLIENT_PROTOCOL_41);
    }

    /** MariaDB extended capabilities are meaningful only when the server cleared CLIENT_MYSQL. */
    public boolean mariaDbExtended() {
        return !has(Capability.CLIENT_MYSQL);
    }

    public Set<Capability> toEnumSet() {
        EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
        for (Capability c : Capability.values()) {
            if (has(c)) {
                set.add(c);
            }
        }
        return set;
    }

    @Override
    public String toString() {
        return "CapabilitySet" + toEnumSet() + String.format("(0x%X)", bits);
    }
}
