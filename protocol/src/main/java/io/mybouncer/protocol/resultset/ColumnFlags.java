package io.mybouncer.protocol.resultset;

import java.util.StringJoiner;

/**
 * The 16-bit flags field of a column definition, the one place its bits are defined. The server
 * keeps more flags internally (above bit 15); only these travel on the wire.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/group__group__cs__column__definition__flags.html">Column Definition Flags</a>
 */
public record ColumnFlags(int bits) {
    public static final ColumnFlags NONE = new ColumnFlags(0);

    public static final int NOT_NULL = 1;
    public static final int PRI_KEY = 1 << 1;
    public static final int UNIQUE_KEY = 1 << 2;
    public static final int MULTIPLE_KEY = 1 << 3;
    public static final int BLOB = 1 << 4;
    /** Integer values are unsigned: binary rows carry them zero-extended, not sign-extended. */
    public static final int UNSIGNED = 1 << 5;
    public static final int ZEROFILL = 1 << 6;
    /** Binary collation; with character set 63 this tells VARBINARY/BLOB from text types. */
    public static final int BINARY = 1 << 7;
    public static final int ENUM = 1 << 8;
    public static final int AUTO_INCREMENT = 1 << 9;
    public static final int TIMESTAMP = 1 << 10;
    public static final int SET = 1 << 11;
    public static final int NO_DEFAULT_VALUE = 1 << 12;
    public static final int ON_UPDATE_NOW = 1 << 13;
    /** Part of some index; servers send it on indexed columns although the docs call it internal. */
    public static final int PART_KEY = 1 << 14;
    /** A numeric column (shares its bit with the server-internal GROUP_FLAG). */
    public static final int NUM = 1 << 15;

    private static final String[] NAMES = {
        "NOT_NULL", "PRI_KEY", "UNIQUE_KEY", "MULTIPLE_KEY", "BLOB", "UNSIGNED", "ZEROFILL", "BINARY",
        "ENUM", "AUTO_INCREMENT", "TIMESTAMP", "SET", "NO_DEFAULT_VALUE", "ON_UPDATE_NOW", "PART_KEY", "NUM",
    };

    public ColumnFlags {
        bits &= 0xFFFF;
    }

    public static ColumnFlags of(int... flags) {
        int bits = 0;
        for (int flag : flags) {
            bits |= flag;
        }
        return new ColumnFlags(bits);
    }

    /** Whether every bit of {@code flag} is set (several flags may be or-ed together). */
    public boolean has(int flag) {
        return (bits & flag) == flag;
    }

    public ColumnFlags with(int flag) {
        return new ColumnFlags(bits | flag);
    }

    public boolean notNull() {
        return has(NOT_NULL);
    }

    public boolean unsigned() {
        return has(UNSIGNED);
    }

    public boolean binary() {
        return has(BINARY);
    }

    @Override
    public String toString() {
        StringJoiner names = new StringJoiner("|", String.format("ColumnFlags(0x%04X ", bits), ")");
        names.setEmptyValue(String.format("ColumnFlags(0x%04X)", bits));
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((bits & (1 << bit)) != 0) {
                names.add(NAMES[bit]);
            }
        }
        return names.toString();
    }
}
