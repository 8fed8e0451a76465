package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One column of a result set, in the 4.1 format every supported server and client speaks.
 *
 * <p>Names are decoded as UTF-8. The server writes them in {@code character_set_results}; the proxy
 * and its own client always ask for utf8mb4, which keeps that exact.
 *
 * <p>After the six names, MariaDB inserts {@link ExtendedTypeInfo} when
 * MARIADB_CLIENT_EXTENDED_METADATA is negotiated; the field is {@code null} otherwise. The
 * definitions in a COM_FIELD_LIST response carry one more field and are decoded by
 * {@link FieldListColumn}.
 *
 * @param catalog always "def"
 * @param schema the database of the table, empty for an expression
 * @param table the table alias used in the query
 * @param orgTable the table's real name
 * @param name the column alias used in the query
 * @param orgName the column's real name, empty for an expression
 * @param extendedTypeInfo MariaDB's extended type information, or {@code null} when not negotiated
 * @param characterSet the collation id of the values (63 = binary)
 * @param columnLength the maximum display length in bytes
 * @param type the column type, which also fixes the binary-row encoding of values
 * @param flags the column flags
 * @param decimals shown decimal digits: fractional-second digits for temporal types; 0x1F (MySQL)
 *     or 0x27 (MariaDB, captured on an expression) where the scale is not fixed
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_query_response_text_resultset_column_definition.html">Column Definition</a>
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/#column-definition-packet">MariaDB Column Definition Packet</a>
 */
public record ColumnDefinition41(
        String catalog,
        String schema,
        String table,
        String orgTable,
        String name,
        String orgName,
        ExtendedTypeInfo extendedTypeInfo,
        int characterSet,
        long columnLength,
        ColumnType type,
        ColumnFlags flags,
        int decimals) {

    /** The only catalog servers send. */
    public static final String CATALOG = "def";
    /** The value of the "length of fixed-length fields" lenenc int: the 12 bytes that follow it. */
    public static final int FIXED_FIELDS_LENGTH = 0x0C;
    /** Collation id 63: binary, the character set of numeric and temporal columns. */
    public static final int BINARY_CHARSET = 63;

    private static final String PACKET = "column definition";

    /**
     * A column computed by an expression, as a server describes {@code SELECT 1 AS n}: no schema or
     * table, the alias as the name and an empty original name, and no extended type information
     * (see {@link #forCapabilities}). The admin console builds its result sets from these.
     */
    public static ColumnDefinition41 ofExpression(String name, ColumnType type, int characterSet,
            long columnLength, ColumnFlags flags, int decimals) {
        return new ColumnDefinition41(CATALOG, "", "", "", name, "", null, characterSet, columnLength,
                type, flags, decimals);
    }

    /**
     * This definition as a connection with {@code capabilities} expects it: with extended type
     * information (empty when this one has none) exactly when MARIADB_CLIENT_EXTENDED_METADATA is
     * negotiated, so one definition built by the proxy serves MySQL and MariaDB clients alike.
     */
    public ColumnDefinition41 forCapabilities(CapabilitySet capabilities) {
        ExtendedTypeInfo extended = null;
        if (hasExtendedTypeInfo(capabilities)) {
            extended = extendedTypeInfo == null ? ExtendedTypeInfo.EMPTY : extendedTypeInfo;
        }
        if (Objects.equals(extended, extendedTypeInfo)) {
            return this;
        }
        return new ColumnDefinition41(catalog, schema, table, orgTable, name, orgName, extended, characterSet,
                columnLength, type, flags, decimals);
    }

    /** Whether column definitions on this connection carry MariaDB's extended type information. */
    public static boolean hasExtendedTypeInfo(CapabilitySet capabilities) {
        return capabilities.mariaDbExtended() && capabilities.has(Capability.MARIADB_CLIENT_EXTENDED_METADATA);
    }

    /**
     * Decodes a whole column definition payload of a result set; reads but does not release
     * {@code payload}.
     *
     * @param capabilities the negotiated capabilities, which decide whether extended type information is present
     */
    public static ColumnDefinition41 decode(ByteBuf payload, CapabilitySet capabilities) {
        ColumnDefinition41 column = read(payload, capabilities);
        if (payload.isReadable()) {
            throw ProtocolException.at(PACKET, "end of payload", payload.readerIndex(),
                    payload.readableBytes() + " trailing bytes", "none");
        }
        return column;
    }

    /** Reads the fields up to and including the filler, leaving anything after them unread. */
    static ColumnDefinition41 read(ByteBuf payload, CapabilitySet capabilities) {
        String catalog = BasicTypes.stringLenenc(payload, "catalog");
        String schema = BasicTypes.stringLenenc(payload, "schema");
        String table = BasicTypes.stringLenenc(payload, "table");
        String orgTable = BasicTypes.stringLenenc(payload, "org_table");
        String name = BasicTypes.stringLenenc(payload, "name");
        String orgName = BasicTypes.stringLenenc(payload, "org_name");
        ExtendedTypeInfo extended = hasExtendedTypeInfo(capabilities) ? ExtendedTypeInfo.decode(payload) : null;

        // Always 12; a different value would mean the layout below is not the one we know.
        int fixedOffset = payload.readerIndex();
        long fixedLength = BasicTypes.intLenenc(payload, "length of fixed fields");
        if (fixedLength != FIXED_FIELDS_LENGTH) {
            throw ProtocolException.at(PACKET, "length of fixed fields", fixedOffset, fixedLength,
                    String.valueOf(FIXED_FIELDS_LENGTH));
        }
        int characterSet = BasicTypes.int2(payload, "character_set");
        long columnLength = BasicTypes.int4(payload, "column_length");
        int typeOffset = payload.readerIndex();
        ColumnType type = ColumnType.of(BasicTypes.int1(payload, "type"), PACKET, "type", typeOffset);
        int flags = BasicTypes.int2(payload, "flags");
        int decimals = BasicTypes.int1(payload, "decimals");
        BasicTypes.skip(payload, 2, "filler");
        return new ColumnDefinition41(catalog, schema, table, orgTable, name, orgName, extended, characterSet,
                columnLength, type, new ColumnFlags(flags), decimals);
    }

    /**
     * Writes the payload (no packet header) into {@code out}, extended type information included
     * exactly when this record has it.
     */
    public void encode(ByteBuf out) {
        BasicTypes.writeStringLenenc(out, catalog);
        BasicTypes.writeStringLenenc(out, schema);
        BasicTypes.writeStringLenenc(out, table);
        BasicTypes.writeStringLenenc(out, orgTable);
        BasicTypes.writeStringLenenc(out, name);
        BasicTypes.writeStringLenenc(out, orgName);
        if (extendedTypeInfo != null) {
            extendedTypeInfo.encode(out);
        }
        BasicTypes.writeIntLenenc(out, FIXED_FIELDS_LENGTH);
        BasicTypes.writeInt2(out, characterSet);
        BasicTypes.writeInt4(out, columnLength);
        BasicTypes.writeInt1(out, type.code());
        BasicTypes.writeInt2(out, flags.bits());
        BasicTypes.writeInt1(out, decimals);
        BasicTypes.writeInt2(out, 0);
    }
}
