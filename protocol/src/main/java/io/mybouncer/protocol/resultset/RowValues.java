package io.mybouncer.protocol.resultset;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * Content equality and a readable form for the values of a row, a list of nullable byte arrays,
 * which {@link List#equals} would compare by identity.
 */
final class RowValues {
    /** Longer values are cut in {@link #toString}, so a failed assertion on a 64 KiB value stays readable. */
    private static final int SHOWN_BYTES = 48;

    private RowValues() {
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hash(List<byte[]> values) {
        int hash = 1;
        for (byte[] value : values) {
            hash = 31 * hash + Arrays.hashCode(value);
        }
        return hash;
    }

    /** Printable ASCII values as quoted text, others as hex, NULL as NULL. */
    static String toString(List<byte[]> values) {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        for (byte[] value : values) {
            out.add(value == null ? "NULL" : show(value));
        }
        return out.toString();
    }

    private static String show(byte[] value) {
        int shown = Math.min(value.length, SHOWN_BYTES);
        boolean printable = true;
        for (int i = 0; i < shown && printable; i++) {
            printable = value[i] >= 0x20 && value[i] < 0x7F;
        }
        StringBuilder out = new StringBuilder(printable ? "'" : "0x");
        for (int i = 0; i < shown; i++) {
            out.append(printable ? String.valueOf((char) value[i]) : String.format("%02x", value[i] & 0xFF));
        }
        out.append(printable ? "'" : "");
        if (shown < value.length) {
            out.append("...(").append(value.length).append(" bytes)");
        }
        return out.toString();
    }
}
