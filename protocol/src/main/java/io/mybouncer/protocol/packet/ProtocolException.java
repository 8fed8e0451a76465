package io.mybouncer.protocol.packet;

/**
 * A peer sent bytes that do not form a valid packet. The message names the packet, the field and,
 * where known, the offset, in the form {@code "packet: field: actual (expected: constraint)"}.
 *
 * <p>Unchecked: a protocol violation ends the connection that caused it and nothing else.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    /** {@code "<packet>: <field> at offset <offset>: <actual> (expected: <expected>)"}. */
    public static ProtocolException at(String packet, String field, int offset, Object actual, String expected) {
        return new ProtocolException(
                packet + ": " + field + " at offset " + offset + ": " + actual + " (expected: " + expected + ")");
    }
}
