package io.mybouncer.protocol.resultset;

import io.mybouncer.protocol.packet.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * A TIME value as the binary protocol carries it: a 1-byte length of 0, 8 or 12, then is_negative
 * (int1), days (int4), hours, minutes, seconds (int1 each) and microseconds (int4).
 *
 * <p>TIME is a signed interval, not a time of day: {@code -25:30:15.5} travels as negative, 1 day,
 * 1 hour, 30 minutes, 15 seconds, 500000 microseconds. The server puts whole days in {@code days}
 * and keeps {@code hours} below 24.
 *
 * @param negative whether the interval is negative
 * @param days whole days, an unsigned int4 on the wire
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_binary_resultset.html#sect_protocol_binary_resultset_row_value_time">MYSQL_TYPE_TIME binary value</a>
 * @see <a href="https://mariadb.com/kb/en/resultset-row/#time-binary-encoding">MariaDB time binary encoding</a>
 */
public record BinaryTime(boolean negative, long days, int hours, int minutes, int seconds, int microseconds) {
    /** {@code 00:00:00}, sent as length 0. */
    public static final BinaryTime ZERO = new BinaryTime(false, 0, 0, 0, 0, 0);

    private static final String PACKET = "binary TIME value";

    public BinaryTime {
        if (days < 0 || days > 0xFFFF_FFFFL || hours < 0 || hours > 23 || minutes < 0 || minutes > 59
                || seconds < 0 || seconds > 59 || microseconds < 0 || microseconds > 999_999) {
            throw new IllegalArgumentException(String.format("not a MySQL time: %d days %02d:%02d:%02d.%06d",
                    days, hours, minutes, seconds, microseconds));
        }
    }

    /** The TIME value for a duration, to microsecond precision (finer parts are dropped). */
    public static BinaryTime of(Duration value) {
        Duration abs = value.abs();
        return new BinaryTime(value.isNegative(), abs.toDays(), abs.toHoursPart(), abs.toMinutesPart(),
                abs.toSecondsPart(), abs.toNanosPart() / 1000);
    }

    /**
     * Decodes the value bytes after the length prefix, as {@link BinaryRow} returns them.
     *
     * @throws ProtocolException when the length is not 0, 8 or 12, the sign byte is not 0 or 1, or a
     *     part is out of range
     */
    public static BinaryTime decode(byte[] value) {
        if (!ColumnType.BinaryEncoding.TIME.allowsLength(value.length)) {
            throw ProtocolException.at(PACKET, "length", 0, value.length, "0, 8 or 12");
        }
        if (value.length == 0) {
            return ZERO;
        }
        ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int sign = Byte.toUnsignedInt(in.get());
        if (sign > 1) {
            throw ProtocolException.at(PACKET, "is_negative", 0, sign, "0 or 1");
        }
        long days = Integer.toUnsignedLong(in.getInt());
        int hours = Byte.toUnsignedInt(in.get());
        int minutes = Byte.toUnsignedInt(in.get());
        int seconds = Byte.toUnsignedInt(in.get());
        long microseconds = value.length == 12 ? Integer.toUnsignedLong(in.getInt()) : 0;
        try {
            return new BinaryTime(sign == 1, days, hours, minutes, seconds,
                    (int) Math.min(microseconds, Integer.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(PACKET + ": " + e.getMessage() + " (expected: parts in range)");
        }
    }

    /**
     * The value bytes without the length prefix, as short as the parts allow. Like the server, a
     * zero interval is sent as length 0 whatever its sign.
     */
    public byte[] toBytes() {
        int length = microseconds != 0 ? 12 : days != 0 || hours != 0 || minutes != 0 || seconds != 0 ? 8 : 0;
        ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        if (length >= 8) {
            out.put((byte) (negative ? 1 : 0)).putInt((int) days).put((byte) hours).put((byte) minutes).put((byte) seconds);
        }
        if (length == 12) {
            out.putInt(microseconds);
        }
        return out.array();
    }

    public Duration toDuration() {
        Duration magnitude = Duration.ofDays(days).plusHours(hours).plusMinutes(minutes).plusSeconds(seconds)
                .plusNanos(microseconds * 1000L);
        return negative ? magnitude.negated() : magnitude;
    }

    @Override
    public String toString() {
        return String.format("%s%d days %02d:%02d:%02d.%06d", negative ? "-" : "", days, hours, minutes, seconds,
                microseconds);
    }
}
