package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.AuthMoreData;
import io.netty.buffer.ByteBuf;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How AuthMoreData reaches one client: as the protocol has it since MySQL 5.5.16 (the 0x01 status
 * byte, then the plugin's data), or as the plugin's data alone, which is what MySQL Connector/J
 * reads from a server it takes for older.
 *
 * <p>Connector/J (5.1 to 9.5 at least) reads a server whose greeting version is below 5.5.16 as
 * one that sends plugin data raw: it rewinds past the status byte and hands it to the plugin. Every
 * MariaDB server puts "5.5.5-" before its real version in the greeting (for old clients that parse
 * the major version), which Connector/J parses as 5.5.5; MariaDB never sends it AuthMoreData, but
 * the proxy, which shows the backend's version, does for caching_sha2_password. Its
 * caching_sha2_password plugin then reads the 0x01 as the fast-auth result and fails with
 * "Unknown server response after fast auth" (found by the passthrough integration test against
 * MariaDB 10.11). So for that client, behind such a version, the status byte is left out, as such
 * a server would have done. The client is known by its {@code _client_name} connect attribute;
 * one that sends no attributes gets the standard framing.
 */
final class MoreDataFraming {
    private static final String CONNECTOR_J = "MySQL Connector/J";
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");
    /** 5.5.16, the first version Connector/J sends the status byte to, as one number. */
    private static final long STATUS_BYTE_SINCE = version(5, 5, 16);

    private MoreDataFraming() {
    }

    /**
     * Whether the client with these connect attributes, greeted with {@code serverVersion}, reads
     * AuthMoreData without its status byte.
     */
    static boolean withoutStatusByte(String serverVersion, Map<String, String> connectAttributes) {
        if (!CONNECTOR_J.equals(connectAttributes.get("_client_name"))) {
            return false;
        }
        Matcher matcher = VERSION.matcher(serverVersion);
        return matcher.find() && version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                Integer.parseInt(matcher.group(3))) < STATUS_BYTE_SINCE;
    }

    /** Writes {@code more} with the status byte, or without it. */
    static Consumer<ByteBuf> writer(AuthMoreData more, boolean withoutStatusByte) {
        return withoutStatusByte ? out -> out.writeBytes(more.data()) : more::encode;
    }

    private static long version(int major, int minor, int patch) {
        return (major * 1000L + minor) * 1000L + patch;
    }
}
