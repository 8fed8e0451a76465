package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameter types a COM_STMT_EXECUTE carries when its new_params_bound flag is 1, kept as the
 * exact bytes of that block: per parameter the type (a MYSQL_TYPE_* code), a flag byte (0x80 =
 * unsigned) and, when CLIENT_QUERY_ATTRIBUTES is on, the parameter's name as string&lt;lenenc&gt;.
 *
 * <p>Clients send types only when they change; a later execute says "as before" with flag 0. A
 * backend that never saw this statement's types cannot run such an execute, so the proxy keeps the
 * last block per client statement and puts it back ({@link ComStmtExecute#withParameterTypes}).
 * Keeping the wire bytes makes that exact, whatever the names' character set. The block is only
 * meaningful under the same CLIENT_QUERY_ATTRIBUTES setting it was read with ({@link #named()}).
 *
 * <p>Type codes stay raw bytes here; their meaning is the result-set package's concern.
 *
 * @param count how many parameters the block describes
 * @param named whether each entry carries a name (CLIENT_QUERY_ATTRIBUTES)
 * @param block the block's bytes
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 */
public record ParameterTypes(int count, boolean named, byte[] block) {
    /** Flag-byte bit for an unsigned integer parameter. */
    public static final int UNSIGNED_FLAG = 0x80;

    /** Checks the block holds exactly {@code count} entries, and takes a copy of it. */
    public ParameterTypes {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count);
        }
        ByteBuf buf = Unpooled.wrappedBuffer(block);
        try {
            skipEntries(buf, count, named, "parameter types");
        } catch (ProtocolException e) {
            throw new IllegalArgumentException("block does not hold " + count + " entries: " + e.getMessage(), e);
        }
        if (buf.isReadable()) {
            throw new IllegalArgumentException(buf.readableBytes() + " bytes after " + count + " entries");
        }
        block = block.clone();
    }

    /** Types without names, from two bytes per parameter: type, then flags. */
    public static ParameterTypes of(byte[] typesAndFlags) {
        if (typesAndFlags.length % 2 != 0) {
            throw new IllegalArgumentException("two bytes per parameter, got " + typesAndFlags.length);
        }
        return new ParameterTypes(typesAndFlags.length / 2, false, typesAndFlags);
    }

    /** Types with names (CLIENT_QUERY_ATTRIBUTES), from two bytes per parameter and one name each. */
    public static ParameterTypes named(byte[] typesAndFlags, List<String> names) {
        if (typesAndFlags.length != names.size() * 2) {
            throw new IllegalArgumentException(typesAndFlags.length + " type bytes for " + names.size() + " names");
        }
        ByteBuf out = Unpooled.buffer();
        try {
            for (int i = 0; i < names.size(); i++) {
                out.writeByte(typesAndFlags[2 * i]).writeByte(typesAndFlags[2 * i + 1]);
                BasicTypes.writeStringLenenc(out, names.get(i));
            }
            return new ParameterTypes(names.size(), true, BasicTypes.bytesEof(out));
        } finally {
            out.release();
        }
    }

    /**
     * Reads {@code count} entries at the reader index, bounds-checked against the readable bytes
     * before anything is copied, and advances past them.
     *
     * @throws ProtocolException when the entries do not fit in the payload
     */
    public static ParameterTypes read(ByteBuf buf, int count, boolean named) {
        int start = buf.readerIndex();
        skipEntries(buf, count, named, "COM_STMT_EXECUTE parameter types");
        byte[] block = new byte[buf.readerIndex() - start];
        buf.getBytes(start, block);
        return new ParameterTypes(count, named, block);
    }

    /** Moves past {@code count} entries; every length is checked against the readable bytes. */
    static void skipEntries(ByteBuf buf, int count, boolean named, String field) {
        for (int i = 0; i < count; i++) {
            BasicTypes.skip(buf, 2, field);
            if (named) {
                BasicTypes.skip(buf, BasicTypes.lengthLenenc(buf, field + " name"), field + " name");
            }
        }
    }

    /** The MYSQL_TYPE_* code of parameter {@code index}. */
    public int type(int index) {
        return block[entryOffset(index)] & 0xFF;
    }

    /** The flag byte of parameter {@code index}. */
    public int flags(int index) {
        return block[entryOffset(index) + 1] & 0xFF;
    }

    public boolean isUnsigned(int index) {
        return (flags(index) & UNSIGNED_FLAG) != 0;
    }

    /** The names, decoded as UTF-8; empty when the block carries none. */
    public List<String> names() {
        List<String> names = new ArrayList<>(named ? count : 0);
        if (named) {
            ByteBuf buf = Unpooled.wrappedBuffer(block);
            for (int i = 0; i < count; i++) {
                buf.skipBytes(2);
                names.add(BasicTypes.stringLenenc(buf, "name"));
            }
        }
        return names;
    }

    /** Writes the block as it was read. */
    public void write(ByteBuf out) {
        out.writeBytes(block);
    }

    /** Where entry {@code index} starts: a walk over the names before it when the block is named. */
    private int entryOffset(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("parameter " + index + " of " + count);
        }
        if (!named) {
            return 2 * index;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(block);
        skipEntries(buf, index, true, "parameter types");
        return buf.readerIndex();
    }

    @Override
    public byte[] block() {
        return block.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterTypes other && count == other.count && named == other.named
                && Arrays.equals(block, other.block);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(block) * 31 + count;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ParameterTypes[");
        List<String> names = names();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : ", ").append(named ? names.get(i) + ":" : "")
                    .append(String.format("0x%02X", type(i))).append(isUnsigned(i) ? " unsigned" : "");
        }
        return text.append(']').toString();
    }
}
