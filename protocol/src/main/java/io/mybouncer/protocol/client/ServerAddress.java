package io.mybouncer.protocol.client;

import java.nio.file.Path;

/** Where a MySQL server listens: a TCP host and port, or a Unix socket path. */
public sealed interface ServerAddress {
    /** True for transports where the server may send a password in clear (Unix socket). */
    boolean isLocalSocket();

    record Tcp(String host, int port) implements ServerAddress {
        public Tcp {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
            }
        }

        @Override
        public boolean isLocalSocket() {
            return false;
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    record Unix(Path path) implements ServerAddress {
        @Override
        public boolean isLocalSocket() {
            return true;
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }
}
