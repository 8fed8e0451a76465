package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.packet.BasicTypes.bytesFix;
import static io.mybouncer.protocol.packet.BasicTypes.bytesLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.bytesNul;
import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int4;
import static io.mybouncer.protocol.packet.BasicTypes.skip;
import static io.mybouncer.protocol.packet.BasicTypes.stringNul;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The client's login: capabilities, user, the auth response to the server's scramble, and the
 * optional fields its capabilities announce. The proxy decodes it from clients and encodes its own
 * to backends.
 *
 * <p>Each optional field is {@code null} exactly when its capability is clear, so the record says
 * what is on the wire. The auth response is framed by the strongest capability the client set:
 * length-encoded (CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA), one length byte (CLIENT_SECURE_CONNECTION,
 * named {@link Capability#CLIENT_RESERVED2} in current MySQL headers), or NUL-terminated.
 *
 * <p>Decoding is strict where servers are: bytes left after the last announced field are an error,
 * and so is a malformed connect attributes block ({@link ConnectAttributes}).
 *
 * @param capabilities         the client's flags (CLIENT_PROTOCOL_41 always set), with MariaDB's
 *                             upper 32 when the client cleared CLIENT_MYSQL
 * @param maxPacketSize        the largest packet the client will send
 * @param characterSet         the client's collation id (lower 8 bits)
 * @param username             the login name
 * @param authResponse         the plugin's answer to the scramble; never printed
 * @param database             initial schema, when CLIENT_CONNECT_WITH_DB
 * @param authPluginName       plugin that computed {@code authResponse}, when CLIENT_PLUGIN_AUTH
 * @param connectAttributes    key/value pairs in wire order, when CLIENT_CONNECT_ATTRS
 * @param zstdCompressionLevel MySQL 8.0.18+ zstd level, when CLIENT_ZSTD_COMPRESSION_ALGORITHM
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html">Protocol::HandshakeResponse41</a>
 * @see <a href="https://mariadb.com/kb/en/connection/#handshake-response-packet">MariaDB handshake response packet</a>
 */
public record HandshakeResponse41(
        CapabilitySet capabilities,
        long maxPacketSize,
        int characterSet,
        String username,
        byte[] authResponse,
        String database,
        String authPluginName,
        Map<String, String> connectAttributes,
        Integer zstdCompressionLevel) {

    private static final String PACKET = "HandshakeResponse41";
    /** The one-byte length of CLIENT_SECURE_CONNECTION framing. */
    private static final int MAX_SHORT_AUTH_RESPONSE = 255;

    public HandshakeResponse41 {
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(username, "username");
        authResponse = authResponse.clone();
        if (!capabilities.protocol41()) {
            throw new IllegalArgumentException("HandshakeResponse41 needs CLIENT_PROTOCOL_41: " + capabilities);
        }
        if (!capabilities.mariaDbExtended() && capabilities.upper() != 0) {
            throw new IllegalArgumentException("MariaDB extended capabilities need CLIENT_MYSQL cleared: " + capabilities);
        }
        requirePresence(capabilities, Capability.CLIENT_CONNECT_WITH_DB, database, "database");
        requirePresence(capabilities, Capability.CLIENT_PLUGIN_AUTH, authPluginName, "authPluginName");
        requirePresence(capabilities, Capability.CLIENT_CONNECT_ATTRS, connectAttributes, "connectAttributes");
        requirePresence(capabilities, Capability.CLIENT_ZSTD_COMPRESSION_ALGORITHM, zstdCompressionLevel,
                "zstdCompressionLevel");
        if (connectAttributes != null) {
            connectAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
        }
        AuthResponseFraming framing = authResponseFraming(capabilities);
        if (framing == AuthResponseFraming.LENGTH_BYTE && authResponse.length > MAX_SHORT_AUTH_RESPONSE) {
            throw new IllegalArgumentException("authResponse: " + authResponse.length
                    + " bytes do not fit a one-byte length; set CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA");
        }
        if (framing == AuthResponseFraming.NUL_TERMINATED && indexOfNul(authResponse) >= 0) {
            throw new IllegalArgumentException("authResponse contains a NUL but is NUL-terminated on the wire");
        }
    }

    private static void requirePresence(CapabilitySet capabilities, Capability flag, Object value, String name) {
        if (capabilities.has(flag) != (value != null)) {
            throw new IllegalArgumentException(name + " must be present exactly when " + flag + " is set");
        }
    }

    /** How the auth response is delimited, from the client's capabilities. */
    private enum AuthResponseFraming { LENENC, LENGTH_BYTE, NUL_TERMINATED }

    private static AuthResponseFraming authResponseFraming(CapabilitySet capabilities) {
        if (capabilities.has(Capability.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA)) {
            return AuthResponseFraming.LENENC;
        }
        return capabilities.has(Capability.CLIENT_RESERVED2)
                ? AuthResponseFraming.LENGTH_BYTE
                : AuthResponseFraming.NUL_TERMINATED;
    }

    private static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads a whole HandshakeResponse41 payload. An {@link SslRequest} (32 bytes) is not one: check
     * {@link SslRequest#isSslRequest} first. Does not release {@code payload}.
     */
    public static HandshakeResponse41 decode(ByteBuf payload) {
        int start = payload.readerIndex();
        long lower = int4(payload, PACKET + " capability flags");
        long maxPacketSize = int4(payload, PACKET + " max packet size");
        int characterSet = int1(payload, PACKET + " character set");
        skip(payload, SslRequest.FILLER_LENGTH, PACKET + " filler");
        CapabilitySet capabilities = SslRequest.clientCapabilities(lower,
                int4(payload, PACKET + " MariaDB extended capabilities"));
        if (!capabilities.protocol41()) {
            // A pre-4.1 HandshakeResponse320: no server this proxy fronts accepts it either.
            throw ProtocolException.at(PACKET, "capability flags", start, capabilities, "CLIENT_PROTOCOL_41 set");
        }
        String username = stringNul(payload, PACKET + " username");
        byte[] authResponse = switch (authResponseFraming(capabilities)) {
            case LENENC -> bytesLenenc(payload, PACKET + " auth response");
            case LENGTH_BYTE -> bytesFix(payload, int1(payload, PACKET + " auth response length"),
                    PACKET + " auth response");
            case NUL_TERMINATED -> bytesNul(payload, PACKET + " auth response");
        };
        String database = capabilities.has(Capability.CLIENT_CONNECT_WITH_DB)
                ? stringNul(payload, PACKET + " database") : null;
        String authPluginName = capabilities.has(Capability.CLIENT_PLUGIN_AUTH)
                ? stringNul(payload, PACKET + " auth plugin name") : null;
        Map<String, String> connectAttributes = capabilities.has(Capability.CLIENT_CONNECT_ATTRS)
                ? ConnectAttributes.decode(payload, PACKET) : null;
        Integer zstdCompressionLevel = capabilities.has(Capability.CLIENT_ZSTD_COMPRESSION_ALGORITHM)
                ? int1(payload, PACKET + " zstd compression level") : null;
        if (payload.isReadable()) {
            throw ProtocolException.at(PACKET, "end of payload", payload.readerIndex(),
                    payload.readableBytes() + " trailing bytes", "no bytes after the last announced field");
        }
        return new HandshakeResponse41(capabilities, maxPacketSize, characterSet, username, authResponse,
                database, authPluginName, connectAttributes, zstdCompressionLevel);
    }

    /** Writes the payload (no packet header) in the form {@link #decode} reads. */
    public void encode(ByteBuf out) {
        SslRequest.writeFixedPart(out, capabilities, maxPacketSize, characterSet);
        BasicTypes.writeStringNul(out, username);
        switch (authResponseFraming(capabilities)) {
            case LENENC -> BasicTypes.writeBytesLenenc(out, authResponse);
            case LENGTH_BYTE -> {
                BasicTypes.writeInt1(out, authResponse.length);
                out.writeBytes(authResponse);
            }
            case NUL_TERMINATED -> BasicTypes.writeBytesNul(out, authResponse);
        }
        if (database != null) {
            BasicTypes.writeStringNul(out, database);
        }
        if (authPluginName != null) {
            BasicTypes.writeStringNul(out, authPluginName);
        }
        if (connectAttributes != null) {
            ConnectAttributes.encode(out, connectAttributes);
        }
        if (zstdCompressionLevel != null) {
            BasicTypes.writeInt1(out, zstdCompressionLevel);
        }
    }

    /** A copy of the auth response. */
    @Override
    public byte[] authResponse() {
        return authResponse.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeResponse41 that
                && capabilities.equals(that.capabilities)
                && maxPacketSize == that.maxPacketSize
                && characterSet == that.characterSet
                && username.equals(that.username)
                && Arrays.equals(authResponse, that.authResponse)
                && Objects.equals(database, that.database)
                && Objects.equals(authPluginName, that.authPluginName)
                && Objects.equals(connectAttributes, that.connectAttributes)
                && Objects.equals(zstdCompressionLevel, that.zstdCompressionLevel);
    }

    @Override
    public int hashCode() {
        return Objects.hash(capabilities, maxPacketSize, characterSet, username, Arrays.hashCode(authResponse),
                database, authPluginName, connectAttributes, zstdCompressionLevel);
    }

    /** Never prints the auth response: with the scramble it allows an offline password guess. */
    @Override
    public String toString() {
        return "HandshakeResponse41[capabilities=" + capabilities + ", maxPacketSize=" + maxPacketSize
                + ", characterSet=" + characterSet + ", username=" + username
                + ", authResponse=<" + authResponse.length + " bytes redacted>, database=" + database
                + ", authPluginName=" + authPluginName + ", connectAttributes=" + connectAttributes
                + ", zstdCompressionLevel=" + zstdCompressionLevel + "]";
    }
}
