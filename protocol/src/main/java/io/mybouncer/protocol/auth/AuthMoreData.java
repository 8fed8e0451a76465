package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.packet.BasicTypes.int1;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Plugin-defined data from the server during authentication, behind a 0x01 byte that keeps it from
 * being read as OK (0x00), AuthSwitchRequest (0xFE) or ERR (0xFF). caching_sha2_password uses it
 * for its one-byte {@link CachingSha2Step}s and to send its RSA public key as PEM text.
 *
 * @param data the plugin's bytes, without the 0x01
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_more_data.html">Protocol::AuthMoreData</a>
 */
public record AuthMoreData(byte[] data) {
    /** First byte of the payload. */
    public static final int HEADER = 0x01;
    private static final String PACKET = "AuthMoreData";

    public AuthMoreData {
        data = data.clone();
    }

    /** Reads a whole AuthMoreData payload, header byte included. Does not release {@code payload}. */
    public static AuthMoreData decode(ByteBuf payload) {
        int start = payload.readerIndex();
        int header = int1(payload, PACKET + " header");
        if (header != HEADER) {
            throw ProtocolException.at(PACKET, "header", start, String.format("0x%02X", header), "0x01");
        }
        return new AuthMoreData(BasicTypes.bytesEof(payload));
    }

    /** Writes the payload (no packet header). */
    public void encode(ByteBuf out) {
        BasicTypes.writeInt1(out, HEADER);
        out.writeBytes(data);
    }

    /** A copy of the plugin data. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthMoreData that && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "AuthMoreData[<" + data.length + " bytes>]";
    }
}
