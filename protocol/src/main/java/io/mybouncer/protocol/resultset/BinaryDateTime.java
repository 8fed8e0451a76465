package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDateTime;

/**
 * A DATE, DATETIME or TIMESTAMP value as the binary protocol carries it: a 1-byte length of 0, 4,
 * 7 or 11, then year (int2), month, day, hour, minute, second (int1 each) and microsecond (int4),
 * cut after the last part that is not zero.
 *
 * <p>A record rather than a {@link LocalDateTime} because MySQL has dates Java does not:
 * {@code 0000-00-00} and dates with a zero month or day are valid values (length 0 is the all-zero
 * date). The parts are only range-checked, not checked as a calendar date, for the same reason.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html#sect_protocol_binary_resultset_row_value_date">MYSQL_TYPE_DATETIME binary value</a>
 * @see <a href="https://mariadb.com/kb/en/resultset-row/#timestamp-binary-encoding">MariaDB timestamp binary encoding</a>
 */
public record BinaryDateTime(int year, int month, int day, int hour, int minute, int second, int microsecond) {
    /** {@code 0000-00-00 00:00:00}, sent as length 0. */
    public static final BinaryDateTime ZERO = new BinaryDateTime(0, 0, 0, 0, 0, 0, 0);

    private static final String PACKET = "binary DATETIME value";

    public BinaryDateTime {
        if (year < 0 || year > 9999 || month < 0 || month > 12 || day < 0 || day > 31 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 59 || microsecond < 0 || microsecond > 999_999) {
            throw new IllegalArgumentException(String.format("not a MySQL date-time: %04d-%02d-%02d %02d:%02d:%02d.%06d",
                    year, month, day, hour, minute, second, microsecond));
        }
    }

    public static BinaryDateTime of(LocalDateTime value) {
        return new BinaryDateTime(value.getYear(), value.getMonthValue(), value.getDayOfMonth(), value.getHour(),
                value.getMinute(), value.getSecond(), value.getNano() / 1000);
    }

    /**
     * Decodes the value bytes after the length prefix, as {@link BinaryRow} returns them.
     *
     * @throws ProtocolException when the length is not 0, 4, 7 or 11 or a part is out of range
     */
    public static BinaryDateTime decode(byte[] value) {
        if (!ColumnType.BinaryEncoding.DATE_TIME.allowsLength(value.length)) {
            throw ProtocolException.at(PACKET, "length", 0, value.length, "0, 4, 7 or 11");
        }
        ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int year = value.length >= 4 ? Short.toUnsignedInt(in.getShort()) : 0;
        int month = value.length >= 4 ? Byte.toUnsignedInt(in.get()) : 0;
        int day = value.length >= 4 ? Byte.toUnsignedInt(in.get()) : 0;
        int hour = value.length >= 7 ? Byte.toUnsignedInt(in.get()) : 0;
        int minute = value.length >= 7 ? Byte.toUnsignedInt(in.get()) : 0;
        int second = value.length >= 7 ? Byte.toUnsignedInt(in.get()) : 0;
        long microsecond = value.length == 11 ? Integer.toUnsignedLong(in.getInt()) : 0;
        try {
            return new BinaryDateTime(year, month, day, hour, minute, second, (int) Math.min(microsecond, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(PACKET + ": " + e.getMessage() + " (expected: parts in range)");
        }
    }

    /** The value bytes without the length prefix, as short as the parts allow (the server's rule). */
    public byte[] toBytes() {
        int length = microsecond != 0 ? 11 : hour != 0 || minute != 0 || second != 0 ? 7
                : year != 0 || month != 0 || day != 0 ? 4 : 0;
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        if (length >= 4) {
            out.putShort((short) year).put((byte) month).put((byte) day);
        }
        if (length >= 7) {
            out.put((byte) hour).put((byte) minute).put((byte) second);
        }
        if (length == 11) {
            out.putInt(microsecond);
        }
        return out.array();
    }

    /**
     * This value as a {@link LocalDateTime}.
     *
     * @throws java.time.DateTimeException for the zero date and other dates Java cannot represent
     */
    public LocalDateTime toLocalDateTime() {
        return LocalDateTime.of(year, month, day, hour, minute, second, microsecond * 1000);
    }

    @Override
    public String toString() {
        return String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", year, month, day, hour, minute, second, microsecond);
    }
}
