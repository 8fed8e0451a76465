package io.mybouncer.protocol.packet;

import io.netty.buffer.ByteBuf;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Readers and writers for the protocol's basic data types, named after the spec's page.
 * All integers are little-endian.
 *
 * <p>Every reader is bounds-checked against the readable bytes of the payload before it reads or
 * allocates, so a hostile length can never size an allocation: a string is only ever as large as the
 * bytes that actually arrived. Violations throw {@link ProtocolException} naming the field and
 * offset. The {@code field} argument is the name used in that message.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_integers.html">Integer types</a>
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_dt_strings.html">String types</a>
 */
public final class BasicTypes {
    /** First byte of a length-encoded integer that is followed by 2, 3 or 8 bytes. */
    public static final int LENENC_2 = 0xFC;
    public static final int LENENC_3 = 0xFD;
    public static final int LENENC_8 = 0xFE;
    /** In a text row, 0xFB in place of a length-encoded string means SQL NULL. */
    public static final int NULL_COLUMN = 0xFB;

    private BasicTypes() {
    }

    private static void need(ByteBuf buf, int n, String field) {
        if (buf.readableBytes() < n) {
            throw new ProtocolException(field + " at offset " + buf.readerIndex() + ": truncated, "
                    + buf.readableBytes() + " bytes left (expected: " + n + ")");
        }
    }

    public static int int1(ByteBuf buf, String field) {
        need(buf, 1, field);
        return buf.readUnsignedByte();
    }

    public static int int2(ByteBuf buf, String field) {
        need(buf, 2, field);
        return buf.readUnsignedShortLE();
    }

    public static int int3(ByteBuf buf, String field) {
        need(buf, 3, field);
        return buf.readUnsignedMediumLE();
    }

    public static long int4(ByteBuf buf, String field) {
        need(buf, 4, field);
        return buf.readUnsignedIntLE();
    }

    public static long int8(ByteBuf buf, String field) {
        need(buf, 8, field);
        return buf.readLongLE();
    }

    /**
     * Length-encoded integer. 0xFB (NULL) and 0xFF (ERR marker) are not valid first bytes here; a
     * caller that accepts NULL checks for {@link #NULL_COLUMN} first. Values above
     * {@link Long#MAX_VALUE} come back negative: callers that use the value as a length reject them.
     */
    public static long intLenenc(ByteBuf buf, String field) {
        need(buf, 1, field);
        int offset = buf.readerIndex();
        int first = buf.readUnsignedByte();
        if (first < 0xFB) {
            return first;
        }
        switch (first) {
            case LENENC_2:
                need(buf, 2, field);
                return buf.readUnsignedShortLE();
            case LENENC_3:
                need(buf, 3, field);
                return buf.readUnsignedMediumLE();
            case LENENC_8:
                need(buf, 8, field);
                return buf.readLongLE();
            default:
                buf.readerIndex(offset);
                throw ProtocolException.at("lenenc int", field, offset, String.format("0x%02X", first),
                        "< 0xFB, 0xFC, 0xFD or 0xFE");
        }
    }

    /** Length of a length-encoded integer field whose first byte is {@code first} (1, 3, 4 or 9). */
    public static int lenencSize(int first) {
        if (first < 0xFB) {
            return 1;
        }
        switch (first) {
            case LENENC_2:
                return 3;
            case LENENC_3:
                return 4;
            case LENENC_8:
                return 9;
            default:
                return -1;
        }
    }

    /** Reads a length-encoded length and checks it fits in the remaining payload. */
    public static int lengthLenenc(ByteBuf buf, String field) {
        int offset = buf.readerIndex();
        long length = intLenenc(buf, field);
        if (length < 0 || length > buf.readableBytes()) {
            buf.readerIndex(offset);
            throw ProtocolException.at("lenenc string", field, offset, Long.toUnsignedString(length),
                    "<= " + (buf.readableBytes() - lenencSize(buf.getUnsignedByte(offset))) + " remaining bytes");
        }
        return (int) length;
    }

    public static byte[] bytesFix(ByteBuf buf, int length, String field) {
        need(buf, length, field);
        byte[] out = new byte[length];
        buf.readBytes(out);
        return out;
    }

    public static byte[] bytesLenenc(ByteBuf buf, String field) {
        return bytesFix(buf, lengthLenenc(buf, field), field);
    }

    /** Bytes up to a NUL terminator, which is consumed and not returned. */
    public static byte[] bytesNul(ByteBuf buf, String field) {
        int end = buf.indexOf(buf.readerIndex(), buf.writerIndex(), (byte) 0);
        if (end < 0) {
            throw ProtocolException.at("string<NUL>", field, buf.readerIndex(), "no NUL terminator", "a NUL byte");
        }
        byte[] out = bytesFix(buf, end - buf.readerIndex(), field);
        buf.skipBytes(1);
        return out;
    }

    /** All remaining bytes of the payload. */
    public static byte[] bytesEof(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }

    public static String stringFix(ByteBuf buf, int length, String field) {
        need(buf, length, field);
        return buf.readCharSequence(length, StandardCharsets.UTF_8).toString();
    }

    public static String stringLenenc(ByteBuf buf, String field) {
        return stringFix(buf, lengthLenenc(buf, field), field);
    }

    public static String stringNul(ByteBuf buf, String field) {
        return new String(bytesNul(buf, field), StandardCharsets.UTF_8);
    }

    public static String stringEof(ByteBuf buf) {
        return stringEof(buf, StandardCharsets.UTF_8);
    }

    public static String stringEof(ByteBuf buf, Charset charset) {
        return buf.readCharSequence(buf.readableBytes(), charset).toString();
    }

    /** Skips {@code n} reserved or filler bytes. */
    public static void skip(ByteBuf buf, int n, String field) {
        need(buf, n, field);
        buf.skipBytes(n);
    }

    // ---- writers ----

    public static void writeInt1(ByteBuf buf, int value) {
        buf.writeByte(value);
    }

    public static void writeInt2(ByteBuf buf, int value) {
        buf.writeShortLE(value);
    }

    public static void writeInt3(ByteBuf buf, int value) {
        buf.writeMediumLE(value);
    }

    public static void writeInt4(ByteBuf buf, long value) {
        buf.writeIntLE((int) value);
    }

    public static void writeInt8(ByteBuf buf, long value) {
        buf.writeLongLE(value);
    }

    public static void writeIntLenenc(ByteBuf buf, long value) {
        if (value >= 0 && value < 0xFB) {
            buf.writeByte((int) value);
        } else if (value >= 0 && value < 1 << 16) {
            buf.writeByte(LENENC_2).writeShortLE((int) value);
        } else if (value >= 0 && value < 1 << 24) {
            buf.writeByte(LENENC_3).writeMediumLE((int) value);
        } else {
            buf.writeByte(LENENC_8).writeLongLE(value);
        }
    }

    public static void writeBytesLenenc(ByteBuf buf, byte[] value) {
        writeIntLenenc(buf, value.length);
        buf.writeBytes(value);
    }

    public static void writeBytesNul(ByteBuf buf, byte[] value) {
        buf.writeBytes(value).writeByte(0);
    }

    public static void writeStringLenenc(ByteBuf buf, String value) {
        writeBytesLenenc(buf, value.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeStringNul(ByteBuf buf, String value) {
        writeBytesNul(buf, value.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeStringEof(ByteBuf buf, String value) {
        buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }
}
