package io.mybouncer.protocol.auth;

import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.stringNul;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Objects;

/**
 * The server asks the client to authenticate again with another plugin and fresh plugin data. The
 * client answers with the plugin's raw response bytes in a packet of their own (no header byte), and
 * the exchange continues with {@link AuthMoreData}, OK or ERR.
 *
 * <p>0xFE is this packet, not an EOF, because it arrives during authentication: the proxy decodes
 * it only while it waits for the server's answer to a login.
 *
 * <p>Scramble-based plugins (mysql_native_password, caching_sha2_password) send the 20-byte scramble
 * followed by a NUL, on MySQL 8 and on MariaDB 10.11 (seen in the capture
 * {@code golden/connection/mariadb-10.11-auth-switch-request.hex}); {@link #scramble()} drops it and
 * {@link #ofScramble} adds it. {@link #pluginData()} keeps the bytes as sent, since other plugins
 * define their own format.
 *
 * <p>A bare 0xFE (no plugin name) is the pre-4.1 "old password" switch to mysql_old_password, which
 * this proxy refuses.
 *
 * @param pluginName the plugin to switch to
 * @param pluginData the plugin's data, to the end of the packet
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_auth_switch_request.html">Protocol::AuthSwitchRequest</a>
 */
public record AuthSwitchRequest(String pluginName, byte[] pluginData) {
    /** First byte of the payload. */
    public static final int HEADER = 0xFE;
    private static final String PACKET = "AuthSwitchRequest";

    public AuthSwitchRequest {
        Objects.requireNonNull(pluginName, "pluginName");
        pluginData = pluginData.clone();
    }

    /** A switch to a scramble-based plugin, with the NUL servers put after the scramble. */
    public static AuthSwitchRequest ofScramble(String pluginName, byte[] scramble) {
        return new AuthSwitchRequest(pluginName, Arrays.copyOf(scramble, scramble.length + 1));
    }

    /** Reads a whole AuthSwitchRequest payload, header byte included. Does not release {@code payload}. */
    public static AuthSwitchRequest decode(ByteBuf payload) {
        int start = payload.readerIndex();
        int header = int1(payload, PACKET + " header");
        if (header != HEADER) {
            throw ProtocolException.at(PACKET, "header", start, String.format("0x%02X", header), "0xFE");
        }
        if (!payload.isReadable()) {
            throw ProtocolException.at(PACKET, "plugin name", payload.readerIndex(),
                    "absent (a mysql_old_password switch)", "a plugin name; mysql_old_password is not supported");
        }
        String pluginName = stringNul(payload, PACKET + " plugin name");
        return new AuthSwitchRequest(pluginName, BasicTypes.bytesEof(payload));
    }

    /** Writes the payload (no packet header). */
    public void encode(ByteBuf out) {
        BasicTypes.writeInt1(out, HEADER);
        BasicTypes.writeStringNul(out, pluginName);
        out.writeBytes(pluginData);
    }

    /** A copy of the plugin data as sent. */
    @Override
    public byte[] pluginData() {
        return pluginData.clone();
    }

    /** The plugin data without the one trailing NUL scramble-based plugins append. */
    public byte[] scramble() {
        int length = pluginData.length > 0 && pluginData[pluginData.length - 1] == 0
                ? pluginData.length - 1 : pluginData.length;
        return Arrays.copyOf(pluginData, length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthSwitchRequest that
                && pluginName.equals(that.pluginName)
                && Arrays.equals(pluginData, that.pluginData);
    }

    @Override
    public int hashCode() {
        return 31 * pluginName.hashCode() + Arrays.hashCode(pluginData);
    }

    /** Names the data's length only, like {@link HandshakeV10#toString()}. */
    @Override
    public String toString() {
        return "AuthSwitchRequest[pluginName=" + pluginName + ", pluginData=<" + pluginData.length + " bytes>]";
    }
}
