package io.mybouncer.proxy.config;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A TCP address as written in configuration: {@code HOST:PORT}, with IPv6 literals in brackets
 * ({@code [::1]:6033}), or a bare host that takes a default port.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {
    public HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("host: empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
    }

    /**
     * Parses {@code HOST:PORT} or {@code [IPV6]:PORT}.
     *
     * @throws IllegalArgumentException with the reason as {@code (expected: …)}, without the text
     */
    public static HostPort parse(String text) {
        return parse(text, OptionalInt.empty());
    }

    /**
     * Parses {@code HOST:PORT}, {@code [IPV6]:PORT}, or {@code HOST} alone, which takes {@code defaultPort}.
     *
     * @throws IllegalArgumentException with the reason as {@code (expected: …)}, without the text
     */
    public static HostPort parse(String text, int defaultPort) {
        return parse(text, OptionalInt.of(defaultPort));
    }

    private static HostPort parse(String text, OptionalInt defaultPort) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 < text.length() && text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(
                        "(expected: HOST:PORT, with an IPv6 address in brackets, e.g. [::1]:6033)");
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else {
            int colon = text.indexOf(':');
            if (colon != text.lastIndexOf(':')) {
                throw new IllegalArgumentException("(expected: HOST:PORT; write an IPv6 address in brackets, "
                        + "e.g. [::1]:6033)");
            }
            host = colon < 0 ? text : text.substring(0, colon);
            port = colon < 0 ? null : text.substring(colon + 1);
        }
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("(expected: HOST:PORT with a host name or IP address)");
        }
        if (port == null && defaultPort.isEmpty()) {
            throw new IllegalArgumentException("(expected: HOST:PORT, the port included)");
        }
        return new HostPort(host, port == null ? defaultPort.getAsInt() : parsePort(port));
    }

    private static int parsePort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("(expected: HOST:PORT with a port 1..65535)");
        }
        int port = Integer.parseInt(text);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("(expected: a port 1..65535)");
        }
        return port;
    }

    /** The form {@link #parse} reads back. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
