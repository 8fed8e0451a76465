package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.Arrays;
import java.util.Optional;

/**
 * COM_STMT_EXECUTE: run a prepared statement with parameter values in the binary protocol.
 *
 * <pre>
 * int&lt;1&gt;   0x17 COM_STMT_EXECUTE
 * int&lt;4&gt;   statement_id ({@link StatementId}; MariaDB: 0xFFFFFFFF = the last one prepared)
 * int&lt;1&gt;   flags: cursor type 0, 1, 2 or 4; MySQL 8 adds PARAMETER_COUNT_AVAILABLE (8)
 * int&lt;4&gt;   iteration_count (always 1)
 * if num_params &gt; 0, or CLIENT_QUERY_ATTRIBUTES and PARAMETER_COUNT_AVAILABLE:
 *   if CLIENT_QUERY_ATTRIBUTES: int&lt;lenenc&gt; parameter_count (replaces num_params)
 *   if parameter_count &gt; 0:
 *     binary&lt;var&gt; null_bitmap, (parameter_count + 7) / 8 bytes
 *     int&lt;1&gt;      new_params_bound_flag
 *     if 1, per parameter: int&lt;1&gt; type, int&lt;1&gt; flags
 *                          [string&lt;lenenc&gt; name, if CLIENT_QUERY_ATTRIBUTES]
 *     binary&lt;EOF&gt; the non-NULL values, minus those sent as COM_STMT_SEND_LONG_DATA
 * </pre>
 *
 * <p>num_params comes from the {@link ComStmtPrepareOk} of the statement; nothing in the packet says
 * where the null bitmap ends without it, so every reader here takes it as an argument. Under
 * CLIENT_QUERY_ATTRIBUTES the packet's own parameter_count may exceed it: the extra values are
 * query attributes. A count below num_params cannot bind every placeholder and is rejected.
 *
 * <p>The proxy rewrites this command under multiplexing without decoding its values: it reads the
 * header ({@link #flags(ByteBuf)}, {@link StatementId#read}), rewrites the id in place
 * ({@link StatementId#rewrite}), keeps the types a client binds ({@link #parameterTypes}) and puts them
 * back when a client relies on types the current backend never saw ({@link #withParameterTypes}).
 * {@link #decode} copies everything and is for tests and small clients.
 *
 * @param statementId the statement, unsigned 32-bit
 * @param flags the flags byte
 * @param iterationCount the iteration count, unsigned 32-bit (1)
 * @param parameterCount num_params, or the packet's parameter_count under CLIENT_QUERY_ATTRIBUTES
 * @param nullBitmap (parameterCount + 7) / 8 bytes, bit i set when parameter i is NULL
 * @param types the bound types when new_params_bound_flag is 1, empty when 0 or with no parameters
 * @param values the parameter values as sent, undecoded
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 * @see <a href="https://mariadb.com/docs/server/reference/clientserver-protocol/3-binary-protocol-prepared-statements/com_stmt_execute">MariaDB COM_STMT_EXECUTE</a>
 */
public record ComStmtExecute(long statementId, int flags, long iterationCount, int parameterCount, byte[] nullBitmap,
        Optional<ParameterTypes> types, byte[] values) {
    /** Cursor types (enum_cursor_type): the low bits of {@link #flags()}. */
    public static final int CURSOR_TYPE_NO_CURSOR = 0;
    public static final int CURSOR_TYPE_READ_ONLY = 1;
    public static final int CURSOR_TYPE_FOR_UPDATE = 2;
    public static final int CURSOR_TYPE_SCROLLABLE = 4;
    private static final int CURSOR_TYPE_MASK = 0x07;
    /** MySQL, with CLIENT_QUERY_ATTRIBUTES: parameter_count is sent even for a statement without placeholders. */
    public static final int PARAMETER_COUNT_AVAILABLE = 8;

    /** Offset of the flags byte; the fixed header (command, id, flags, iteration count) is 10 bytes. */
    private static final int FLAGS_OFFSET = 5;
    private static final int HEADER_LENGTH = 10;
    /** COM_STMT_PREPARE_OK carries num_params as int&lt;2&gt;. */
    private static final int MAX_NUM_PARAMS = 0xFFFF;

    public ComStmtExecute {
        if (nullBitmap.length != (parameterCount + 7) / 8) {
            throw new IllegalArgumentException(nullBitmap.length + " bitmap bytes for " + parameterCount + " parameters");
        }
        if (types.isPresent() && types.get().count() != parameterCount) {
            throw new IllegalArgumentException(types.get().count() + " types for " + parameterCount + " parameters");
        }
        nullBitmap = nullBitmap.clone();
        values = values.clone();
    }

    /**
     * Where the parameter block of one payload starts, found from the header alone.
     *
     * @param parameterCount num_params, or parameter_count when the packet carries one
     * @param bindFlagIndex absolute index of new_params_bound_flag, -1 when there are no parameters
     */
    private record Layout(int parameterCount, int bindFlagIndex) {
        boolean typesBound(ByteBuf payload) {
            return bindFlagIndex >= 0 && payload.getByte(bindFlagIndex) == 1;
        }
    }

    /**
     * Reads the header, the parameter count and the null bitmap, leaving {@code buf} after the
     * new_params_bound_flag. Every length is checked against the readable bytes before it is used, so a
     * huge count in a short packet fails here without allocating.
     */
    private static Layout readLayout(ByteBuf buf, int numParams, CapabilitySet capabilities) {
        if (numParams < 0 || numParams > MAX_NUM_PARAMS) {
            throw new IllegalArgumentException("num_params: " + numParams);
        }
        CommandType.COM_STMT_EXECUTE.readCommandByte(buf);
        BasicTypes.skip(buf, 4, "COM_STMT_EXECUTE statement_id");
        int flags = BasicTypes.int1(buf, "COM_STMT_EXECUTE flags");
        BasicTypes.skip(buf, 4, "COM_STMT_EXECUTE iteration_count");
        int count = numParams;
        if (carriesParameterCount(capabilities, numParams, flags)) {
            count = readParameterCount(buf, numParams);
        }
        if (count == 0) {
            return new Layout(0, -1);
        }
        BasicTypes.skip(buf, (count + 7) / 8, "COM_STMT_EXECUTE null_bitmap");
        int bindFlagIndex = buf.readerIndex();
        int bound = BasicTypes.int1(buf, "COM_STMT_EXECUTE new_params_bound_flag");
        if (bound > 1) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "new_params_bound_flag", bindFlagIndex, bound, "0 or 1");
        }
        return new Layout(count, bindFlagIndex);
    }

    private static boolean carriesParameterCount(CapabilitySet capabilities, int numParams, int flags) {
        return capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)
                && (numParams > 0 || (flags & PARAMETER_COUNT_AVAILABLE) != 0);
    }

    private static int readParameterCount(ByteBuf buf, int numParams) {
        int offset = buf.readerIndex();
        long count = BasicTypes.intLenenc(buf, "COM_STMT_EXECUTE parameter_count");
        // The bitmap alone needs (count + 7) / 8 bytes: checked here, before the count sizes anything.
        long bitmapBytes = count < 0 ? Long.MAX_VALUE : (count + 7) / 8;
        if (count < numParams || count > Integer.MAX_VALUE - 7 || bitmapBytes > buf.readableBytes()) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "parameter_count", offset, Long.toUnsignedString(count),
                    ">= num_params " + numParams + ", bitmap within " + buf.readableBytes() + " remaining bytes");
        }
        return (int) count;
    }

    /**
     * Decodes the whole payload, command byte included, copying bitmap, types and values.
     *
     * @param numParams num_params from the statement's COM_STMT_PREPARE_OK
     * @param capabilities the capabilities negotiated on the connection the payload came from
     * @throws ProtocolException when the payload is truncated or malformed
     */
    public static ComStmtExecute decode(ByteBuf payload, int numParams, CapabilitySet capabilities) {
        int start = payload.readerIndex();
        Layout layout = readLayout(payload, numParams, capabilities);
        byte[] nullBitmap = new byte[(layout.parameterCount() + 7) / 8];
        Optional<ParameterTypes> types = Optional.empty();
        if (layout.parameterCount() > 0) {
            payload.getBytes(layout.bindFlagIndex() - nullBitmap.length, nullBitmap);
            if (layout.typesBound(payload)) {
                types = Optional.of(ParameterTypes.read(payload, layout.parameterCount(),
                        capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)));
            }
        }
        return new ComStmtExecute(payload.getUnsignedIntLE(start + 1), payload.getUnsignedByte(start + FLAGS_OFFSET),
                payload.getUnsignedIntLE(start + 6), layout.parameterCount(), nullBitmap, types,
                BasicTypes.bytesEof(payload));
    }

    /**
     * The flags byte, read without moving the reader index or copying.
     *
     * @throws ProtocolException when the payload is shorter than the fixed header
     */
    public static int flags(ByteBuf payload) {
        if (payload.readableBytes() < HEADER_LENGTH) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "header", payload.readerIndex(),
                    payload.readableBytes() + " payload bytes", ">= " + HEADER_LENGTH);
        }
        return payload.getUnsignedByte(payload.readerIndex() + FLAGS_OFFSET);
    }

    /** The cursor type the payload asks for: one of the {@code CURSOR_TYPE_*} values. */
    public static int cursorType(ByteBuf payload) {
        return flags(payload) & CURSOR_TYPE_MASK;
    }

    /**
     * Whether the payload asks for a cursor. The server opens one only for a statement that returns
     * rows, and says so with SERVER_STATUS_CURSOR_EXISTS; that flag, not this, is what pins a client.
     */
    public static boolean requestsCursor(ByteBuf payload) {
        return cursorType(payload) != CURSOR_TYPE_NO_CURSOR;
    }

    /**
     * The parameter types the payload binds, or empty when its new_params_bound_flag is 0 or the
     * statement has no parameters. Copies only the type block; no index of {@code payload} moves.
     *
     * @param numParams num_params from the statement's COM_STMT_PREPARE_OK
     * @throws ProtocolException when the payload is truncated or malformed
     */
    public static Optional<ParameterTypes> parameterTypes(ByteBuf payload, int numParams, CapabilitySet capabilities) {
        ByteBuf buf = payload.duplicate();
        Layout layout = readLayout(buf, numParams, capabilities);
        if (!layout.typesBound(buf)) {
            return Optional.empty();
        }
        return Optional.of(ParameterTypes.read(buf, layout.parameterCount(),
                capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)));
    }

    /**
     * Where the parameter types of the payload start, found by absolute reads: no index moves and
     * nothing is allocated. For the proxy's hot path, which compares the types of every execute in
     * place with those it holds and copies them only when they changed ({@link #parameterTypes}
     * copies on every call). Without CLIENT_QUERY_ATTRIBUTES the place is fixed by num_params and the
     * block is exactly {@code 2 * numParams} bytes, type and flags per parameter; this checks that the
     * payload holds them.
     *
     * @param numParams num_params from the statement's COM_STMT_PREPARE_OK
     * @return the absolute index of the first type byte, or -1 when new_params_bound_flag is 0 or
     *     the statement has no parameters
     * @throws ProtocolException when the payload is not a COM_STMT_EXECUTE or ends before its types
     * @throws IllegalArgumentException under CLIENT_QUERY_ATTRIBUTES, where the packet's own
     *     parameter_count and the names make the block's place and length vary
     */
    public static int boundTypesIndex(ByteBuf payload, int numParams, CapabilitySet capabilities) {
        if (capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            throw new IllegalArgumentException("types have no fixed place under " + capabilities);
        }
        if (numParams < 0 || numParams > MAX_NUM_PARAMS) {
            throw new IllegalArgumentException("num_params: " + numParams);
        }
        int start = payload.readerIndex();
        flags(payload);
        int command = payload.getUnsignedByte(start);
        if (command != CommandType.COM_STMT_EXECUTE.code()) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "command", start, String.format("0x%02X", command),
                    String.format("0x%02X", CommandType.COM_STMT_EXECUTE.code()));
        }
        if (numParams == 0) {
            return -1;
        }
        int bindFlagIndex = start + HEADER_LENGTH + (numParams + 7) / 8;
        int typesLength = 2 * numParams;
        if (bindFlagIndex >= payload.writerIndex()) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "new_params_bound_flag", bindFlagIndex,
                    payload.readableBytes() + " payload bytes", ">= " + (bindFlagIndex - start + 1));
        }
        int bound = payload.getUnsignedByte(bindFlagIndex);
        if (bound > 1) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "new_params_bound_flag", bindFlagIndex, bound, "0 or 1");
        }
        if (bound == 0) {
            return -1;
        }
        if (payload.writerIndex() - bindFlagIndex - 1 < typesLength) {
            throw ProtocolException.at("COM_STMT_EXECUTE", "parameter types", bindFlagIndex + 1,
                    (payload.writerIndex() - bindFlagIndex - 1) + " bytes", ">= " + typesLength);
        }
        return bindFlagIndex + 1;
    }

    /**
     * Builds the same execute with {@code types} bound, for a payload whose new_params_bound_flag is
     * 0: the client bound its types on an earlier execute, but the backend this one goes to has never
     * seen them (the statement was prepared there afresh), and a server executing with flag 0 and no
     * types on record fails.
     *
     * <p>The result is a {@link CompositeByteBuf} of two parts: a new buffer from {@code alloc} holding
     * header, parameter count, null bitmap, flag 1 and the types; then a retained slice of the values
     * in {@code payload}, which are not copied. Ownership: the caller owns the result and releases it
     * (typically by writing it), which releases both parts; {@code payload} keeps its own reference
     * count, still owned by the caller, and stays valid for as long as the caller holds it. The
     * statement id can then be rewritten in the result with {@link StatementId#rewrite}.
     *
     * @param numParams num_params from the statement's COM_STMT_PREPARE_OK
     * @param capabilities the capabilities negotiated with the client; the backend's must frame
     *     COM_STMT_EXECUTE the same way (the same CLIENT_QUERY_ATTRIBUTES)
     * @param types the types the client bound last for this statement, read under the same capabilities
     * @throws ProtocolException when the payload is truncated or malformed
     * @throws IllegalArgumentException when the payload already binds types, has no parameters, or
     *     {@code types} does not describe its parameters
     */
    public static CompositeByteBuf withParameterTypes(ByteBufAllocator alloc, ByteBuf payload, int numParams,
            CapabilitySet capabilities, ParameterTypes types) {
        ByteBuf buf = payload.duplicate();
        Layout layout = readLayout(buf, numParams, capabilities);
        if (layout.parameterCount() == 0 || layout.typesBound(buf)) {
            throw new IllegalArgumentException("execute has no parameters or already binds types");
        }
        if (types.count() != layout.parameterCount()
                || types.named() != capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            throw new IllegalArgumentException(types + " does not fit " + layout.parameterCount()
                    + " parameters under " + capabilities);
        }
        int headerLength = layout.bindFlagIndex() - payload.readerIndex();
        ByteBuf header = alloc.buffer(headerLength + 1 + types.block().length);
        ByteBuf values = null;
        try {
            header.writeBytes(payload, payload.readerIndex(), headerLength).writeByte(1);
            types.write(header);
            values = payload.retainedSlice(buf.readerIndex(), buf.readableBytes());
            return alloc.compositeBuffer(2).addComponents(true, header, values);
        } catch (RuntimeException | Error e) {
            header.release();
            if (values != null) {
                values.release();
            }
            throw e;
        }
    }

    /**
     * Writes the payload.
     *
     * @param capabilities the capabilities negotiated on the connection it goes to; under
     *     CLIENT_QUERY_ATTRIBUTES the types must be named, otherwise not
     */
    public void encode(ByteBuf out, CapabilitySet capabilities) {
        boolean queryAttributes = capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES);
        if (types.isPresent() && types.get().named() != queryAttributes) {
            throw new IllegalArgumentException(types.get() + " cannot be written under " + capabilities);
        }
        out.writeByte(CommandType.COM_STMT_EXECUTE.code());
        BasicTypes.writeInt4(out, statementId);
        BasicTypes.writeInt1(out, flags);
        BasicTypes.writeInt4(out, iterationCount);
        if (carriesParameterCount(capabilities, parameterCount, flags)) {
            BasicTypes.writeIntLenenc(out, parameterCount);
        }
        if (parameterCount > 0) {
            out.writeBytes(nullBitmap).writeByte(types.isPresent() ? 1 : 0);
            types.ifPresent(t -> t.write(out));
        }
        out.writeBytes(values);
    }

    /** Whether parameter {@code index} is NULL according to the null bitmap. */
    public boolean isNull(int index) {
        return (nullBitmap[index / 8] & (1 << (index % 8))) != 0;
    }

    @Override
    public byte[] nullBitmap() {
        return nullBitmap.clone();
    }

    @Override
    public byte[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComStmtExecute other && statementId == other.statementId && flags == other.flags
                && iterationCount == other.iterationCount && parameterCount == other.parameterCount
                && Arrays.equals(nullBitmap, other.nullBitmap) && types.equals(other.types)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return ((Long.hashCode(statementId) * 31 + flags) * 31 + parameterCount) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ComStmtExecute[statementId=" + statementId + ", flags=" + flags + ", iterationCount=" + iterationCount
                + ", parameterCount=" + parameterCount + ", nullBitmap=" + Arrays.toString(nullBitmap)
                + ", types=" + types + ", values=" + values.length + " bytes]";
    }
}
