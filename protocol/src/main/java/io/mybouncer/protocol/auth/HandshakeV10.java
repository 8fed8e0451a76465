package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.packet.BasicTypes.bytesFix;
import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int2;
import static io.mybouncer.protocol.packet.BasicTypes.int4;
import static io.mybouncer.protocol.packet.BasicTypes.skip;
import static io.mybouncer.protocol.packet.BasicTypes.stringNul;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.packet.ServerStatus;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * The server's first packet: version, connection id, capabilities and the scramble the client
 * answers with its auth response. The proxy decodes it from backends and encodes its own to clients.
 *
 * <p>Only the full 4.1 form is read: the docs make everything after the lower capability flags
 * optional ("if more data in the packet"), but no server this proxy can talk to stops there, so a
 * packet that does is reported as truncated.
 *
 * <p>Where real servers differ from the docs:
 * <ul>
 *   <li>auth-plugin-data-part-2 ends with a NUL that is not part of the scramble. MariaDB 10.11 and
 *       MySQL 8 both send {@code auth_plugin_data_len = 21} and 12 scramble bytes + NUL (seen in the
 *       capture {@code golden/connection/mariadb-10.11-handshake-v10.hex}); the scramble is 20 bytes.
 *       {@link #decode} drops one trailing NUL and {@link #encode} writes it back.</li>
 *   <li>Servers before MySQL 5.5.10 and 5.6.2 omit the NUL after the plugin name at the end of the
 *       packet (MySQL Bug #59453, also handled by Connector/J), so a name that runs to the end of the
 *       payload is accepted.</li>
 *   <li>MariaDB 10.2+ clears CLIENT_MYSQL (bit 0) and puts its extended capabilities in the last 4
 *       of the 10 reserved bytes; MySQL sends zeros there.</li>
 * </ul>
 *
 * @param serverVersion   human-readable version; the proxy advertises its backend's, since ORMs pick
 *                        their SQL dialect from it
 * @param connectionId    the thread id, as KILL and CONNECTION_ID() see it
 * @param authPluginData  the joined scramble (20 bytes from real servers), without the trailing NUL;
 *                        exactly 8 bytes when CLIENT_SECURE_CONNECTION is clear
 * @param capabilities    lower 32 bits from the two 2-byte halves, plus MariaDB's upper 32 when
 *                        CLIENT_MYSQL is clear
 * @param characterSet    the lower 8 bits of the server's default collation id
 * @param statusFlags     server status at connect time (usually AUTOCOMMIT)
 * @param authPluginName  the plugin that produced the scramble; {@code null} exactly when
 *                        CLIENT_PLUGIN_AUTH is clear
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">Protocol::HandshakeV10</a>
 * @see <a href="https://mariadb.com/kb/en/connection/#initial-handshake-packet">MariaDB initial handshake packet</a>
 */
public record HandshakeV10(
        String serverVersion,
        long connectionId,
        byte[] authPluginData,
        CapabilitySet capabilities,
        int characterSet,
        ServerStatus statusFlags,
        String authPluginName) {

    public static final int PROTOCOL_VERSION = 10;
    private static final String PACKET = "HandshakeV10";
    private static final int PART1_LENGTH = 8;
    /** The docs' lower bound for part 2: MAX(13, auth_plugin_data_len - 8). */
    private static final int MIN_PART2_LENGTH = 13;
    /** The first 6 of the 10 reserved bytes; the last 4 carry MariaDB's extended capabilities. */
    private static final int RESERVED_LENGTH = 6;
    /** auth_plugin_data_len is one byte and counts the trailing NUL. */
    private static final int MAX_AUTH_PLUGIN_DATA = 254;

    public HandshakeV10 {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(statusFlags, "statusFlags");
        authPluginData = authPluginData.clone();
        if (capabilities.has(Capability.CLIENT_RESERVED2)
                ? authPluginData.length < PART1_LENGTH || authPluginData.length > MAX_AUTH_PLUGIN_DATA
                : authPluginData.length != PART1_LENGTH) {
            throw new IllegalArgumentException("authPluginData: " + authPluginData.length + " bytes");
        }
        if (capabilities.has(Capability.CLIENT_PLUGIN_AUTH) != (authPluginName != null)) {
            throw new IllegalArgumentException("authPluginName must be present exactly when CLIENT_PLUGIN_AUTH is set");
        }
        if (!capabilities.mariaDbExtended() && capabilities.upper() != 0) {
            throw new IllegalArgumentException("MariaDB extended capabilities need CLIENT_MYSQL cleared: " + capabilities);
        }
    }

    /** Reads a whole HandshakeV10 payload. Does not release {@code payload}. */
    public static HandshakeV10 decode(ByteBuf payload) {
        int versionOffset = payload.readerIndex();
        int protocolVersion = int1(payload, PACKET + " protocol version");
        if (protocolVersion != PROTOCOL_VERSION) {
            throw ProtocolException.at(PACKET, "protocol version", versionOffset, protocolVersion, "10");
        }
        String serverVersion = stringNul(payload, PACKET + " server version");
        long connectionId = int4(payload, PACKET + " connection id");
        byte[] part1 = bytesFix(payload, PART1_LENGTH, PACKET + " auth-plugin-data-part-1");
        skip(payload, 1, PACKET + " filler");
        int lowerHalf = int2(payload, PACKET + " capability flags (lower)");
        int characterSet = int1(payload, PACKET + " character set");
        int statusFlags = int2(payload, PACKET + " status flags");
        int upperHalf = int2(payload, PACKET + " capability flags (upper)");
        int authPluginDataLength = int1(payload, PACKET + " auth-plugin-data length");
        skip(payload, RESERVED_LENGTH, PACKET + " reserved");
        long mariaDbCapabilities = int4(payload, PACKET + " MariaDB extended capabilities");

        CapabilitySet capabilities = capabilitiesOf(lowerHalf | (long) upperHalf << 16, mariaDbCapabilities);
        byte[] authPluginData = part1;
        if (capabilities.has(Capability.CLIENT_RESERVED2)) {
            int dataOffset = payload.readerIndex();
            // The length byte counts only with CLIENT_PLUGIN_AUTH; without it the docs say it is 0 and
            // part 2 is the classic 13 bytes. Reading a stray non-zero byte there as a length would
            // make a scramble that no encoder writes back the same (found by the fuzz run).
            int part2Length = capabilities.has(Capability.CLIENT_PLUGIN_AUTH)
                    ? Math.max(MIN_PART2_LENGTH, authPluginDataLength - PART1_LENGTH) : MIN_PART2_LENGTH;
            byte[] part2 = bytesFix(payload, part2Length, PACKET + " auth-plugin-data-part-2");
            int scrambleLength = part2[part2.length - 1] == 0 ? part2.length - 1 : part2.length;
            if (PART1_LENGTH + scrambleLength > MAX_AUTH_PLUGIN_DATA) {
                throw ProtocolException.at(PACKET, "auth-plugin-data-part-2", dataOffset,
                        scrambleLength + " bytes without NUL", "a NUL-terminated scramble");
            }
            authPluginData = Arrays.copyOf(part1, PART1_LENGTH + scrambleLength);
            System.arraycopy(part2, 0, authPluginData, PART1_LENGTH, scrambleLength);
        }
        String authPluginName = null;
        if (capabilities.has(Capability.CLIENT_PLUGIN_AUTH)) {
            authPluginName = pluginName(payload);
        }
        // Anything after the plugin name is ignored, as libmysqlclient does, so a server that appends
        // a field in a later version still lets the proxy in.
        return new HandshakeV10(serverVersion, connectionId, authPluginData, capabilities, characterSet,
                new ServerStatus(statusFlags), authPluginName);
    }

    private static CapabilitySet capabilitiesOf(long lower, long mariaDbCapabilities) {
        CapabilitySet mysql = new CapabilitySet(lower);
        return mysql.mariaDbExtended() ? CapabilitySet.ofHalves(lower, mariaDbCapabilities) : mysql;
    }

    /** NUL-terminated, or running to the end of the payload (Bug #59453); never empty. */
    private static String pluginName(ByteBuf payload) {
        int offset = payload.readerIndex();
        String name = payload.indexOf(offset, payload.writerIndex(), (byte) 0) >= 0
                ? stringNul(payload, PACKET + " auth plugin name")
                : BasicTypes.stringEof(payload);
        if (name.isEmpty()) {
            throw ProtocolException.at(PACKET, "auth plugin name", offset, "empty", "a plugin name");
        }
        return name;
    }

    /** Writes the payload (no packet header) in the form {@link #decode} reads. */
    public void encode(ByteBuf out) {
        long lower = capabilities.lower();
        BasicTypes.writeInt1(out, PROTOCOL_VERSION);
        BasicTypes.writeStringNul(out, serverVersion);
        BasicTypes.writeInt4(out, connectionId);
        out.writeBytes(authPluginData, 0, PART1_LENGTH);
        BasicTypes.writeInt1(out, 0);
        BasicTypes.writeInt2(out, (int) lower);
        BasicTypes.writeInt1(out, characterSet);
        BasicTypes.writeInt2(out, statusFlags.bits());
        BasicTypes.writeInt2(out, (int) (lower >>> 16));
        boolean pluginAuth = capabilities.has(Capability.CLIENT_PLUGIN_AUTH);
        BasicTypes.writeInt1(out, pluginAuth ? authPluginData.length + 1 : 0);
        out.writeZero(RESERVED_LENGTH);
        BasicTypes.writeInt4(out, capabilities.mariaDbExtended() ? capabilities.upper() : 0);
        if (capabilities.has(Capability.CLIENT_RESERVED2)) {
            int part2Length = authPluginData.length - PART1_LENGTH;
            out.writeBytes(authPluginData, PART1_LENGTH, part2Length);
            // The NUL real servers send, then zeros up to the 13-byte minimum for short scrambles.
            out.writeZero(Math.max(1, MIN_PART2_LENGTH - part2Length));
        }
        if (pluginAuth) {
            BasicTypes.writeStringNul(out, authPluginName);
        }
    }

    /** A copy of the joined scramble, without the trailing NUL. */
    @Override
    public byte[] authPluginData() {
        return authPluginData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HandshakeV10 that
                && serverVersion.equals(that.serverVersion)
                && connectionId == that.connectionId
                && Arrays.equals(authPluginData, that.authPluginData)
                && capabilities.equals(that.capabilities)
                && characterSet == that.characterSet
                && statusFlags.equals(that.statusFlags)
                && Objects.equals(authPluginName, that.authPluginName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serverVersion, connectionId, Arrays.hashCode(authPluginData), capabilities,
                characterSet, statusFlags, authPluginName);
    }

    /** Names the scramble's length only: with a logged response it would allow an offline guess. */
    @Override
    public String toString() {
        return "HandshakeV10[serverVersion=" + serverVersion + ", connectionId=" + connectionId
                + ", authPluginData=<" + authPluginData.length + " bytes>, capabilities=" + capabilities
                + ", characterSet=" + characterSet + ", statusFlags=" + statusFlags
                + ", authPluginName=" + authPluginName + "]";
    }
}
