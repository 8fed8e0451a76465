package io.mybouncer.proxy.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/** One address the proxy accepts clients on: a TCP address or a Unix socket. */
public sealed interface ListenerConfig {
    /** Where mybouncer listens when nothing else is configured. */
    HostPort DEFAULT_TCP = new HostPort("127.0.0.1", 6033);

    /** A TCP listener. */
    record Tcp(HostPort address) implements ListenerConfig {
        public Tcp {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return "tcp " + address;
        }
    }

    /**
     * A Unix-domain socket listener. The socket file is created with {@code fileMode}, which decides
     * which local users may connect: the default 0660 admits the owner and the owner's group.
     *
     * @param path     the socket file; at most {@link #MAX_PATH_BYTES} bytes, the kernel's limit
     * @param fileMode permission bits, 0..0777
     * @see <a href="https://man7.org/linux/man-pages/man7/unix.7.html">unix(7): sun_path</a>
     */
    record UnixSocket(Path path, int fileMode) implements ListenerConfig {
        /** {@code sun_path} is 108 bytes on Linux, including the terminating NUL. */
        public static final int MAX_PATH_BYTES = 107;
        public static final int DEFAULT_FILE_MODE = 0660;

        public UnixSocket {
            Objects.requireNonNull(path, "path");
            if (path.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
                throw new IllegalArgumentException("path: longer than " + MAX_PATH_BYTES + " bytes");
            }
            if (fileMode < 0 || fileMode > 0777) {
                throw new IllegalArgumentException("fileMode: " + Integer.toOctalString(fileMode)
                        + " (expected: 0..0777)");
            }
        }

        @Override
        public String toString() {
            return "unix " + path + " (mode 0" + Integer.toOctalString(fileMode) + ")";
        }
    }
}
