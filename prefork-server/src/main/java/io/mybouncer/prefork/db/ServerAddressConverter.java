package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.ServerAddress;
import java.nio.file.Path;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code host:port} (an IPv6 host in brackets) or {@code unix:PATH} as a {@link ServerAddress},
 * and writes it back ({@link #format}) for a worker's command line.
 */
public final class ServerAddressConverter implements ITypeConverter<ServerAddress> {
    private static final String UNIX_PREFIX = "unix:";

    @Override
    public ServerAddress convert(String value) {
        if (value.startsWith(UNIX_PREFIX)) {
            String path = value.substring(UNIX_PREFIX.length());
            if (path.isEmpty()) {
                throw invalid(value, "no socket path after 'unix:'");
            }
            return new ServerAddress.Unix(Path.of(path));
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw invalid(value, "expected host:port or unix:PATH");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw invalid(value, "the port is not a number");
        }
        if (port < 1 || port > 65535) {
            throw invalid(value, "the port must be 1..65535");
        }
        return new ServerAddress.Tcp(host, port);
    }

    /** The inverse of {@link #convert}. */
    public static String format(ServerAddress address) {
        if (address instanceof ServerAddress.Tcp tcp) {
            String host = tcp.host().contains(":") ? "[" + tcp.host() + "]" : tcp.host();
            return host + ":" + tcp.port();
        }
        return UNIX_PREFIX + ((ServerAddress.Unix) address).path();
    }

    private static TypeConversionException invalid(String value, String why) {
        return new TypeConversionException("'" + value + "': " + why);
    }
}
