package io.mybouncer.protocol.command;

import io.mybouncer.protocol.auth.ConnectAttributes;
import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * COM_CHANGE_USER: log in again as another (or the same) user on the open connection, which also
 * resets the whole session. Authentication continues as at connect time (auth switch, more data).
 * The proxy handles it on the client side, and can send it to a backend to reset it.
 *
 * <pre>
 * int&lt;1&gt;      0x11 COM_CHANGE_USER
 * string&lt;NUL&gt; user
 * if CLIENT_SECURE_CONNECTION: int&lt;1&gt; length, then that many bytes of auth response
 * else:                        string&lt;NUL&gt; auth response
 * string&lt;NUL&gt; database
 * if more bytes follow:
 *   int&lt;2&gt;      character set (collation id)
 *   if CLIENT_PLUGIN_AUTH:   string&lt;NUL&gt; auth plugin name
 *   if CLIENT_CONNECT_ATTRS: int&lt;lenenc&gt; total length, then key and value string&lt;lenenc&gt; pairs
 * </pre>
 *
 * <p>CLIENT_SECURE_CONNECTION is {@link Capability#CLIENT_RESERVED2}. Clients send the attributes
 * whenever the capability is on (MySQL Connector/J 9.5 and MariaDB Connector/C 3.3 both do; captured),
 * but an older client may stop after the plugin name, so they are read only if bytes remain; encoding
 * always writes them, an empty map as a zero length. The block is read and written by
 * {@link ConnectAttributes}, as in the login packet.
 *
 * <p>{@link #toString()} never prints the auth response: it is a password hash, or with
 * mysql_clear_password the password itself.
 *
 * @param user the user name
 * @param authResponse the auth plugin's response to the connection's scramble
 * @param database the schema to use, empty for none
 * @param characterSet the collation id, 0 when the packet stops after the database
 * @param authPluginName the plugin that made the auth response, empty when not sent
 * @param connectAttributes the connection attributes in wire order, empty when not sent
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_change_user.html">COM_CHANGE_USER</a>
 * @see <a href="https://mariadb.com/kb/en/com_change_user/">MariaDB COM_CHANGE_USER</a>
 */
public record ComChangeUser(String user, byte[] authResponse, String database, int characterSet,
        String authPluginName, Map<String, String> connectAttributes) {
    /** Longest auth response a 1-byte length can carry. */
    private static final int MAX_SECURE_AUTH_RESPONSE = 0xFF;

    public ComChangeUser {
        authResponse = authResponse.clone();
        connectAttributes = Collections.unmodifiableMap(new LinkedHashMap<>(connectAttributes));
    }

    /**
     * Decodes the whole payload, command byte included.
     *
     * @param capabilities the capabilities negotiated on the connection the payload came from
     * @throws ProtocolException when a field is truncated, a length does not fit or an attribute key
     *     repeats
     */
    public static ComChangeUser decode(ByteBuf payload, CapabilitySet capabilities) {
        CommandType.COM_CHANGE_USER.readCommandByte(payload);
        String user = BasicTypes.stringNul(payload, "COM_CHANGE_USER user");
        byte[] authResponse = capabilities.has(Capability.CLIENT_RESERVED2)
                ? BasicTypes.bytesFix(payload, BasicTypes.int1(payload, "COM_CHANGE_USER auth_plugin_data_len"),
                        "COM_CHANGE_USER auth_plugin_data")
                : BasicTypes.bytesNul(payload, "COM_CHANGE_USER auth_plugin_data");
        String database = BasicTypes.stringNul(payload, "COM_CHANGE_USER database");
        int characterSet = 0;
        String authPluginName = "";
        Map<String, String> attributes = Map.of();
        if (payload.isReadable()) {
            characterSet = BasicTypes.int2(payload, "COM_CHANGE_USER character_set");
            if (capabilities.has(Capability.CLIENT_PLUGIN_AUTH)) {
                authPluginName = BasicTypes.stringNul(payload, "COM_CHANGE_USER auth_plugin_name");
            }
            if (capabilities.has(Capability.CLIENT_CONNECT_ATTRS) && payload.isReadable()) {
                attributes = ConnectAttributes.decode(payload, "COM_CHANGE_USER");
            }
        }
        return new ComChangeUser(user, authResponse, database, characterSet, authPluginName, attributes);
    }

    /**
     * Writes the payload; the optional tail (character set onwards) only when {@link #characterSet()}
     * is not 0.
     *
     * @param capabilities the capabilities negotiated on the connection it goes to
     * @throws IllegalArgumentException when the auth response is too long for its 1-byte length
     */
    public void encode(ByteBuf out, CapabilitySet capabilities) {
        out.writeByte(CommandType.COM_CHANGE_USER.code());
        BasicTypes.writeStringNul(out, user);
        if (capabilities.has(Capability.CLIENT_RESERVED2)) {
            if (authResponse.length > MAX_SECURE_AUTH_RESPONSE) {
                throw new IllegalArgumentException("auth response of " + authResponse.length + " bytes");
            }
            out.writeByte(authResponse.length).writeBytes(authResponse);
        } else {
            BasicTypes.writeBytesNul(out, authResponse);
        }
        BasicTypes.writeStringNul(out, database);
        if (characterSet == 0) {
            return;
        }
        BasicTypes.writeInt2(out, characterSet);
        if (capabilities.has(Capability.CLIENT_PLUGIN_AUTH)) {
            BasicTypes.writeStringNul(out, authPluginName);
        }
        if (capabilities.has(Capability.CLIENT_CONNECT_ATTRS)) {
            ConnectAttributes.encode(out, connectAttributes);
        }
    }

    @Override
    public byte[] authResponse() {
        return authResponse.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComChangeUser other && user.equals(other.user)
                && Arrays.equals(authResponse, other.authResponse) && database.equals(other.database)
                && characterSet == other.characterSet && authPluginName.equals(other.authPluginName)
                && connectAttributes.equals(other.connectAttributes);
    }

    @Override
    public int hashCode() {
        return ((user.hashCode() * 31 + database.hashCode()) * 31 + characterSet) * 31 + authPluginName.hashCode();
    }

    /** Names the user and plugin; the auth response appears only as its length. */
    @Override
    public String toString() {
        return "ComChangeUser[user=" + user + ", authResponse=<" + authResponse.length + " bytes>, database="
                + database + ", characterSet=" + characterSet + ", authPluginName=" + authPluginName
                + ", connectAttributes=" + connectAttributes + "]";
    }
}
