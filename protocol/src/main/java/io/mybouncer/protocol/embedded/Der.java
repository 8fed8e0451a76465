package io.mybouncer.protocol.embedded;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The few ASN.1 DER encodings an X.509 certificate needs, each returning one complete
 * tag-length-value. Just enough for {@link TlsFiles}; the JDK parses certificates but has no public
 * API to build them.
 *
 * @see <a href="https://www.itu.int/rec/T-REC-X.690">ITU-T X.690 (BER, CER and DER)</a>
 */
final class Der {
    private static final int BOOLEAN = 0x01;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int OCTET_STRING = 0x04;
    private static final int OBJECT_IDENTIFIER = 0x06;
    private static final int UTF8_STRING = 0x0C;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int SEQUENCE = 0x30;
    private static final int SET = 0x31;

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter GENERALIZED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private Der() {
    }

    static byte[] sequence(byte[]... elements) {
        return tlv(SEQUENCE, concat(elements));
    }

    static byte[] set(byte[]... elements) {
        return tlv(SET, concat(elements));
    }

    static byte[] integer(BigInteger value) {
        return tlv(INTEGER, value.toByteArray());
    }

    static byte[] bool(boolean value) {
        return tlv(BOOLEAN, new byte[] {(byte) (value ? 0xFF : 0x00)});
    }

    /** A BIT STRING holding whole bytes (a signature, a key): the leading octet, unused bits, is 0. */
    static byte[] bitString(byte[] bytes) {
        return tlv(BIT_STRING, concat(new byte[] {0}, bytes));
    }

    /**
     * A named-bit BIT STRING of up to 8 bits, bit 0 being the most significant ({@code KeyUsage}).
     * DER drops trailing zero bits, so the unused-bits octet counts them.
     */
    static byte[] namedBits(int bits) {
        int unused = Integer.numberOfTrailingZeros(bits);
        return tlv(BIT_STRING, new byte[] {(byte) unused, (byte) bits});
    }

    static byte[] octetString(byte[] bytes) {
        return tlv(OCTET_STRING, bytes);
    }

    static byte[] utf8String(String value) {
        return tlv(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A certificate validity time: UTCTime through 2049, GeneralizedTime from 2050, in UTC.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5">RFC 5280 §4.1.2.5 Validity</a>
     */
    static byte[] time(ZonedDateTime value) {
        boolean utcTime = value.withZoneSameInstant(ZoneOffset.UTC).getYear() < 2050;
        String text = (utcTime ? UTC : GENERALIZED).format(value);
        return tlv(utcTime ? UTC_TIME : GENERALIZED_TIME, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** An OBJECT IDENTIFIER from its dotted form: two arcs in the first octet, then base-128 groups. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        base128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            base128(out, Long.parseLong(arcs[i]));
        }
        return tlv(OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** {@code [n] EXPLICIT}: a constructed context-specific tag around one complete element. */
    static byte[] explicit(int tagNumber, byte[] element) {
        return tlv(0xA0 | tagNumber, element);
    }

    /** {@code [n] IMPLICIT} for a primitive type: the context tag replaces the universal one. */
    static byte[] implicit(int tagNumber, byte[] contents) {
        return tlv(0x80 | tagNumber, contents);
    }

    private static byte[] tlv(int tag, byte[] contents) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(contents.length + 6);
        out.write(tag);
        int length = contents.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            // Long form: 0x80 | number of length octets, then the length big-endian.
            int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | octets);
            for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        out.writeBytes(contents);
        return out.toByteArray();
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = Math.max(1, (Long.SIZE - Long.numberOfLeadingZeros(value) + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = (int) (value >>> (7 * i)) & 0x7F;
            out.write(i > 0 ? group | 0x80 : group);
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
