package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * Every {@code MYSQL_TYPE_*} code a column definition or a statement parameter can carry, with the
 * rule that says how many bytes a value of that type takes in the binary protocol. That rule lives
 * here alone: binary rows read values with it, and COM_QUERY steps over query attribute values with
 * it to find where its SQL text starts.
 *
 * <p>The codes 0x0E and 0x11-0x14 are storage or replication formats: servers never send them in a
 * result set and clients never bind them, so they have no binary encoding here and a value that
 * uses one is rejected rather than guessed at.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/field__types_8h.html">enum_field_types</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html#sect_protocol_binary_resultset_row_value">Binary Protocol Value</a>
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/#field-types">MariaDB field types</a>
 */
public enum ColumnType {
    MYSQL_TYPE_DECIMAL(0x00, BinaryEncoding.LENENC),
    MYSQL_TYPE_TINY(0x01, BinaryEncoding.FIXED_1),
    MYSQL_TYPE_SHORT(0x02, BinaryEncoding.FIXED_2),
    MYSQL_TYPE_LONG(0x03, BinaryEncoding.FIXED_4),
    MYSQL_TYPE_FLOAT(0x04, BinaryEncoding.FIXED_4),
    MYSQL_TYPE_DOUBLE(0x05, BinaryEncoding.FIXED_8),
    /** The type of a literal {@code NULL}: its values are always NULL in the row's bitmap. */
    MYSQL_TYPE_NULL(0x06, BinaryEncoding.ALWAYS_NULL),
    MYSQL_TYPE_TIMESTAMP(0x07, BinaryEncoding.DATE_TIME),
    MYSQL_TYPE_LONGLONG(0x08, BinaryEncoding.FIXED_8),
    /** MEDIUMINT: three bytes in storage, but four on the wire. */
    MYSQL_TYPE_INT24(0x09, BinaryEncoding.FIXED_4),
    MYSQL_TYPE_DATE(0x0A, BinaryEncoding.DATE_TIME),
    MYSQL_TYPE_TIME(0x0B, BinaryEncoding.TIME),
    MYSQL_TYPE_DATETIME(0x0C, BinaryEncoding.DATE_TIME),
    MYSQL_TYPE_YEAR(0x0D, BinaryEncoding.FIXED_2),
    /** Internal to the server; not used in the protocol. */
    MYSQL_TYPE_NEWDATE(0x0E, BinaryEncoding.INTERNAL),
    MYSQL_TYPE_VARCHAR(0x0F, BinaryEncoding.LENENC),
    MYSQL_TYPE_BIT(0x10, BinaryEncoding.LENENC),
    /** Storage format of TIMESTAMP with fractional seconds; replication only. */
    MYSQL_TYPE_TIMESTAMP2(0x11, BinaryEncoding.INTERNAL),
    /** Storage format of DATETIME with fractional seconds; replication only. */
    MYSQL_TYPE_DATETIME2(0x12, BinaryEncoding.INTERNAL),
    /** Storage format of TIME with fractional seconds; replication only. */
    MYSQL_TYPE_TIME2(0x13, BinaryEncoding.INTERNAL),
    /** MySQL 8.0: multi-valued index arrays; replication only. */
    MYSQL_TYPE_TYPED_ARRAY(0x14, BinaryEncoding.INTERNAL),
    /** MySQL 9.0: VECTOR, sent as a length-encoded string of little-endian floats. */
    MYSQL_TYPE_VECTOR(0xF2, BinaryEncoding.LENENC),
    /** MySQL only; MariaDB sends JSON columns as a blob type with the extended format "json". */
    MYSQL_TYPE_JSON(0xF5, BinaryEncoding.LENENC),
    MYSQL_TYPE_NEWDECIMAL(0xF6, BinaryEncoding.LENENC),
    MYSQL_TYPE_ENUM(0xF7, BinaryEncoding.LENENC),
    MYSQL_TYPE_SET(0xF8, BinaryEncoding.LENENC),
    MYSQL_TYPE_TINY_BLOB(0xF9, BinaryEncoding.LENENC),
    MYSQL_TYPE_MEDIUM_BLOB(0xFA, BinaryEncoding.LENENC),
    MYSQL_TYPE_LONG_BLOB(0xFB, BinaryEncoding.LENENC),
    MYSQL_TYPE_BLOB(0xFC, BinaryEncoding.LENENC),
    MYSQL_TYPE_VAR_STRING(0xFD, BinaryEncoding.LENENC),
    MYSQL_TYPE_STRING(0xFE, BinaryEncoding.LENENC),
    MYSQL_TYPE_GEOMETRY(0xFF, BinaryEncoding.LENENC);

    /** How a non-NULL value of a type is laid out in a binary-protocol row. */
    public enum BinaryEncoding {
        /** Exactly one byte. */
        FIXED_1(1),
        /** Exactly two bytes, little-endian. */
        FIXED_2(2),
        /** Exactly four bytes, little-endian (an int or an IEEE 754 float). */
        FIXED_4(4),
        /** Exactly eight bytes, little-endian (a long or an IEEE 754 double). */
        FIXED_8(8),
        /** A length-encoded string (decimals travel as their text form). */
        LENENC(-1),
        /** A 1-byte length of 0, 4, 7 or 11, then year..microsecond: see {@link BinaryDateTime}. */
        DATE_TIME(-1),
        /** A 1-byte length of 0, 8 or 12, then sign, days..microsecond: see {@link BinaryTime}. */
        TIME(-1),
        /** No value bytes can exist: the column is NULL in every row. */
        ALWAYS_NULL(-1),
        /** A server-internal type that never appears in a result set. */
        INTERNAL(-1);

        private final int fixedLength;

        BinaryEncoding(int fixedLength) {
            this.fixedLength = fixedLength;
        }

        /** The value's length in bytes for the {@code FIXED_*} encodings, -1 for the others. */
        public int fixedLength() {
            return fixedLength;
        }

        /** Whether a value of this encoding may be {@code length} bytes long (without its prefix). */
        public boolean allowsLength(int length) {
            switch (this) {
                case LENENC:
                    return length >= 0;
                case DATE_TIME:
                    return length == 0 || length == 4 || length == 7 || length == 11;
                case TIME:
                    return length == 0 || length == 8 || length == 12;
                case ALWAYS_NULL:
                case INTERNAL:
                    return false;
                default:
                    return length == fixedLength;
            }
        }
    }

    // Indexed by the type byte, so of() is one array load whatever the code.
    private static final ColumnType[] BY_CODE = new ColumnType[256];

    static {
        for (ColumnType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final BinaryEncoding binaryEncoding;

    ColumnType(int code, BinaryEncoding binaryEncoding) {
        this.code = code;
        this.binaryEncoding = binaryEncoding;
    }

    /** The type byte as it appears in a column definition and in COM_STMT_EXECUTE parameter types. */
    public int code() {
        return code;
    }

    public BinaryEncoding binaryEncoding() {
        return binaryEncoding;
    }

    /** The type for a type byte, or {@code null} when the byte names no known type. */
    public static ColumnType of(int code) {
        return BY_CODE[code & 0xFF];
    }

    /**
     * The type for a type byte a peer sent.
     *
     * @param packet the packet the byte came from, for the error message
     * @param field the byte's field name, for the error message
     * @param offset the byte's index in the payload, for the error message
     * @throws ProtocolException when the byte names no known type, so nothing says how long its
     *     values are
     */
    public static ColumnType of(int code, String packet, String field, int offset) {
        ColumnType type = of(code);
        if (type == null) {
            throw ProtocolException.at(packet, field, offset, String.format("0x%02X", code), "a MYSQL_TYPE_* code");
        }
        return type;
    }

    /**
     * Reads what comes before the bytes of one non-NULL binary-protocol value of this type (a length
     * prefix, where the encoding has one) and returns how many value bytes follow it, checked against
     * the readable bytes only for a length-encoded value; {@code buf} is left at the first of them.
     *
     * <p>A temporal prefix is returned as sent, not checked against
     * {@link BinaryEncoding#allowsLength}: a reader that only steps over a value needs its length,
     * not its validity, and one that interprets the value checks that itself. A NULL-typed value
     * takes no bytes.
     *
     * @param field the value's name in error messages
     * @throws ProtocolException when the prefix is truncated or malformed, or the type is
     *     {@link BinaryEncoding#INTERNAL} and so has no binary form
     */
    public int readValueLength(ByteBuf buf, String field) {
        switch (binaryEncoding) {
            case FIXED_1:
            case FIXED_2:
            case FIXED_4:
            case FIXED_8:
                return binaryEncoding.fixedLength();
            case LENENC:
                return BasicTypes.lengthLenenc(buf, field);
            case DATE_TIME:
            case TIME:
                return BasicTypes.int1(buf, field + " length");
            case ALWAYS_NULL:
                return 0;
            case INTERNAL:
                throw ProtocolException.at("binary protocol value", field, buf.readerIndex(),
                        String.format("type 0x%02X %s", code, this), "a type with a binary value form");
            default:
                throw new IllegalStateException("bad encoding: " + binaryEncoding);
        }
    }

    /**
     * Advances past one non-NULL binary-protocol value of this type, its prefix included, checking
     * every length against the readable bytes.
     *
     * @throws ProtocolException as {@link #readValueLength} does, or when the value is truncated
     */
    public void skipValue(ByteBuf buf, String field) {
        BasicTypes.skip(buf, readValueLength(buf, field), field);
    }
}
