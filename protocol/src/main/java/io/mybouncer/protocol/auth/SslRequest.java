package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int4;
import static io.mybouncer.protocol.packet.BasicTypes.skip;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * The client's request to switch to TLS: the first 32 bytes of a {@link HandshakeResponse41}, sent in
 * the clear before the TLS handshake. The full response follows inside TLS with the next sequence id.
 *
 * <p>A server tells the two apart by length alone ({@link #isSslRequest}): the shortest
 * HandshakeResponse41 carries at least a username NUL and an auth-response length after these 32
 * bytes.
 *
 * @param capabilities  the client's flags (CLIENT_SSL set), MariaDB's upper 32 included when the
 *                      client cleared CLIENT_MYSQL
 * @param maxPacketSize the largest packet the client will send
 * @param characterSet  the client's collation id (lower 8 bits)
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_ssl_request.html">Protocol::SSLRequest</a>
 * @see <a href="https://mariadb.com/kb/en/connection/#sslrequest-packet">MariaDB SSLRequest packet</a>
 */
public record SslRequest(CapabilitySet capabilities, long maxPacketSize, int characterSet) {
    /** Payload length, fixed. */
    public static final int LENGTH = 32;
    private static final String PACKET = "SslRequest";
    /** 23 filler bytes; MariaDB-aware clients put their extended capabilities in the last 4. */
    static final int FILLER_LENGTH = 19;

    public SslRequest {
        Objects.requireNonNull(capabilities, "capabilities");
        if (!capabilities.has(Capability.CLIENT_SSL) || !capabilities.protocol41()) {
            throw new IllegalArgumentException("an SslRequest needs CLIENT_SSL and CLIENT_PROTOCOL_41: " + capabilities);
        }
        if (!capabilities.mariaDbExtended() && capabilities.upper() != 0) {
            throw new IllegalArgumentException("MariaDB extended capabilities need CLIENT_MYSQL cleared: " + capabilities);
        }
    }

    /** Whether the client's first packet is an SslRequest rather than a HandshakeResponse41. Reads nothing. */
    public static boolean isSslRequest(ByteBuf payload) {
        return payload.readableBytes() == LENGTH;
    }

    /** Reads a 32-byte SslRequest payload. Does not release {@code payload}. */
    public static SslRequest decode(ByteBuf payload) {
        int start = payload.readerIndex();
        if (payload.readableBytes() != LENGTH) {
            throw ProtocolException.at(PACKET, "length", start, payload.readableBytes(), "32");
        }
        long lower = int4(payload, PACKET + " capability flags");
        long maxPacketSize = int4(payload, PACKET + " max packet size");
        int characterSet = int1(payload, PACKET + " character set");
        skip(payload, FILLER_LENGTH, PACKET + " filler");
        CapabilitySet capabilities = clientCapabilities(lower, int4(payload, PACKET + " MariaDB extended capabilities"));
        if (!capabilities.has(Capability.CLIENT_SSL) || !capabilities.protocol41()) {
            throw ProtocolException.at(PACKET, "capability flags", start, capabilities,
                    "CLIENT_SSL and CLIENT_PROTOCOL_41 set");
        }
        return new SslRequest(capabilities, maxPacketSize, characterSet);
    }

    /**
     * The client's flags: MariaDB's extended half counts only when the client cleared CLIENT_MYSQL;
     * a MySQL client sets that bit (as CLIENT_LONG_PASSWORD) and sends the 4 bytes as filler.
     */
    static CapabilitySet clientCapabilities(long lower, long mariaDbCapabilities) {
        CapabilitySet mysql = new CapabilitySet(lower);
        return mysql.mariaDbExtended() ? CapabilitySet.ofHalves(lower, mariaDbCapabilities) : mysql;
    }

    /** Writes the 32-byte payload (no packet header). */
    public void encode(ByteBuf out) {
        writeFixedPart(out, capabilities, maxPacketSize, characterSet);
    }

    /** The 32 bytes an SslRequest and a HandshakeResponse41 share. */
    static void writeFixedPart(ByteBuf out, CapabilitySet capabilities, long maxPacketSize, int characterSet) {
        BasicTypes.writeInt4(out, capabilities.lower());
        BasicTypes.writeInt4(out, maxPacketSize);
        BasicTypes.writeInt1(out, characterSet);
        out.writeZero(FILLER_LENGTH);
        BasicTypes.writeInt4(out, capabilities.mariaDbExtended() ? capabilities.upper() : 0);
    }
}
