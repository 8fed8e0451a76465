package io.mybouncer.proxy.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the listeners. Without a {@code listeners:} key the proxy listens on
 * {@link ListenerConfig#DEFAULT_TCP}. {@code --listen} replaces the TCP listeners and {@code --socket}
 * the Unix socket ones, so a flag never leaves a listener from the file that was meant to be replaced.
 *
 * <pre>
 * listeners:
 *   - tcp: 127.0.0.1:6033
 *   - unix: /run/mybouncer/mybouncer.sock
 *     mode: "0660"
 * </pre>
 */
final class ListenersReader {
    private final List<ConfigProblem> problems;

    ListenersReader(List<ConfigProblem> problems) {
        this.problems = problems;
    }

    List<ListenerConfig> read(ConfigMapping root, ConfigMapping flags) {
        List<ListenerConfig> listeners = new ArrayList<>();
        Optional<List<ConfigMapping>> entries = root.mappings("listeners");
        if (entries.isEmpty()) {
            listeners.add(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP));
        }
        for (ConfigMapping entry : entries.orElse(List.of())) {
            listener(entry).ifPresent(listener -> {
                if (listeners.contains(listener)) {
                    entry.problemWithWhole(listener + " appears twice (expected: each address once)");
                }
                listeners.add(listener);
            });
        }
        Optional<HostPort> listen = flags.hostPort("--listen", ListenerConfig.DEFAULT_TCP.port());
        Optional<ListenerConfig.UnixSocket> socket =
                unixSocket(flags, "--socket", ListenerConfig.UnixSocket.DEFAULT_FILE_MODE);
        if (listen.isPresent()) {
            listeners.removeIf(ListenerConfig.Tcp.class::isInstance);
            listeners.add(new ListenerConfig.Tcp(listen.get()));
        }
        if (socket.isPresent()) {
            listeners.removeIf(ListenerConfig.UnixSocket.class::isInstance);
            listeners.add(socket.get());
        }
        if (listeners.isEmpty() && entries.isPresent() && entries.get().isEmpty()) {
            problems.add(new ConfigProblem(root.source(), "listeners", "empty (expected: at least one listener, "
                    + "- tcp: HOST:PORT or - unix: PATH)"));
        }
        return listeners;
    }

    private static Optional<ListenerConfig> listener(ConfigMapping entry) {
        entry.allowing("tcp", "unix", "mode");
        boolean tcp = entry.has("tcp");
        boolean unix = entry.has("unix");
        if (tcp == unix) {
            entry.problemWithWhole((tcp ? "both tcp and unix" : "neither tcp nor unix")
                    + " (expected: one per entry, - tcp: HOST:PORT or - unix: PATH)");
            return Optional.empty();
        }
        if (tcp) {
            if (entry.has("mode")) {
                entry.problem("mode", "only used with unix (expected: no mode for a tcp listener)");
            }
            return entry.hostPort("tcp", ListenerConfig.DEFAULT_TCP.port()).map(ListenerConfig.Tcp::new);
        }
        int mode = entry.fileMode("mode").orElse(ListenerConfig.UnixSocket.DEFAULT_FILE_MODE);
        return unixSocket(entry, "unix", mode).map(ListenerConfig.class::cast);
    }

    private static Optional<ListenerConfig.UnixSocket> unixSocket(ConfigMapping mapping, String key, int mode) {
        int limit = ListenerConfig.UnixSocket.MAX_PATH_BYTES;
        return mapping.value(key, "a socket path of at most " + limit + " bytes, the kernel's limit",
                text -> Optional.of(text).filter(path -> !path.isEmpty() && path.indexOf('\0') < 0
                        && path.getBytes(StandardCharsets.UTF_8).length <= limit))
                .map(path -> new ListenerConfig.UnixSocket(Path.of(path), mode));
    }
}
