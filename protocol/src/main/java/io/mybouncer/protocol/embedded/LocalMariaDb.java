package io.mybouncer.protocol.embedded;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private, throwaway MariaDB server: the machine's own {@code mariadbd}, with a fresh data
 * directory in a temporary folder, listening on a free loopback port and on its own Unix socket.
 * Started by {@link #start(Options)}, stopped and deleted by {@link #close()}.
 *
 * <p>Nothing from the machine's MariaDB configuration applies ({@code --no-defaults}), and the system
 * MariaDB service, if any, is neither needed nor touched. {@code root} logs in with an empty password
 * from the loopback address and the socket. Buffers are small so the server starts in about a second;
 * {@code max_allowed_packet} is 64 MiB and {@code local_infile} is on, so large packets and
 * {@code LOAD DATA LOCAL} can be exercised.
 *
 * <p>Readiness is the server's protocol greeting read over the Unix socket: the socket is private to
 * this instance, so a second server started concurrently (another test JVM) can never answer for it,
 * and a TCP port taken by someone else between probing and binding makes {@code mariadbd} exit, which
 * is detected and retried on another port.
 *
 * <p>The caller owns the instance and must close it; nothing here registers a shutdown hook.
 *
 * @see <a href="https://mariadb.com/kb/en/mariadb-install-db/">mariadb-install-db</a>
 * @see <a href="https://mariadb.com/kb/en/mariadbd-options/">mariadbd options</a>
 */
public final class LocalMariaDb implements Closeable {
    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How often a starting server is probed: the wait returns early if {@code mariadbd} exits. */
    private static final long PROBE_INTERVAL_MILLIS = 20;
    private static final int PORT_ATTEMPTS = 3;

    /** Server sizing, given to the bootstrap run too, so InnoDB files are created at this size. */
    private static final List<String> SMALL_INNODB = List.of(
            "--innodb-buffer-pool-size=16M",
            // Redo log must hold a 20 MiB BLOB insert's pages comfortably; 16M was measured to.
            "--innodb-log-file-size=16M");

    private final Process process;
    /** Temporary folder holding socket, logs, TLS files and (unless given) the data directory. */
    private final Path runDir;
    private final Path dataDir;
    private final int port;
    private final Optional<TlsFiles> tls;
    private final String serverVersion;
    /** Set by the first {@link #close()}; later calls return at once. Guarded by {@code this}. */
    private boolean closed;

    /**
     * How to start the server.
     *
     * @param port the TCP port on 127.0.0.1; 0 picks a free one
     * @param dataDir an existing data directory to reuse (initialised when it holds no {@code mysql}
     *     schema, kept on close); empty for a fresh one that is deleted on close
     * @param tls whether to generate a CA and server certificate and enable TLS (plain connections
     *     still work: {@code require_secure_transport} stays off)
     * @param serverOptions extra {@code mariadbd} options, appended last so they override the defaults
     */
    public record Options(int port, Optional<Path> dataDir, boolean tls, List<String> serverOptions) {
        public Options {
            if (port < 0 || port > 0xFFFF) {
                throw new IllegalArgumentException("port: " + port + " (expected: 0 to 65535)");
            }
            serverOptions = List.copyOf(serverOptions);
        }

        /** Free port, fresh data directory, TLS on, no extra options. */
        public static Options defaults() {
            return new Options(0, Optional.empty(), true, List.of());
        }

        public Options withPort(int port) {
            return new Options(port, dataDir, tls, serverOptions);
        }

        public Options withDataDir(Path dataDir) {
            return new Options(port, Optional.of(dataDir), tls, serverOptions);
        }

        public Options withTls(boolean tls) {
            return new Options(port, dataDir, tls, serverOptions);
        }

        public Options withServerOptions(String... options) {
            List<String> all = new ArrayList<>(serverOptions);
            all.addAll(List.of(options));
            return new Options(port, dataDir, tls, all);
        }
    }

    private LocalMariaDb(Process process, Path runDir, Path dataDir, int port, Optional<TlsFiles> tls,
            String serverVersion) {
        this.process = process;
        this.runDir = runDir;
        this.dataDir = dataDir;
        this.port = port;
        this.tls = tls;
        this.serverVersion = serverVersion;
    }

    /** The {@code mariadbd} binary on the PATH or in {@code /usr/sbin}, where Debian puts it. */
    public static Optional<Path> findServer() {
        return findExecutable("mariadbd");
    }

    /**
     * Initialises a data directory if needed, starts {@code mariadbd} and returns once it greets a
     * client. On failure nothing is left running or on disk, and the exception carries the server log.
     */
    public static LocalMariaDb start(Options options) throws IOException {
        Path server = findServer().orElseThrow(() -> new IOException(
                "no mariadbd on the PATH or in /usr/sbin (install the mariadb-server package)"));
        Path runDir = Files.createTempDirectory("mybouncer-mariadb-");
        try {
            // mariadbd refuses to run as root unless told to; CI runs as root. The new folder is owned
            // by our effective uid, which the JDK exposes without a native call.
            boolean root = ((Integer) Files.getAttribute(runDir, "unix:uid")) == 0;
            Path dataDir = options.dataDir().orElse(runDir.resolve("data"));
            if (!Files.isDirectory(dataDir.resolve("mysql"))) {
                installDb(runDir, dataDir, root);
            }
            Optional<TlsFiles> tls = options.tls() ? Optional.of(TlsFiles.generate(runDir)) : Optional.empty();
            return launch(server, options, runDir, dataDir, root, tls);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(runDir);
            } catch (IOException cleanupFailure) {
                e.addSuppressed(cleanupFailure);
            }
            throw e;
        }
    }

    private static void installDb(Path runDir, Path dataDir, boolean root) throws IOException {
        Path installDb = findExecutable("mariadb-install-db").orElseThrow(() -> new IOException(
                "no mariadb-install-db on the PATH or in /usr/sbin, /usr/bin (install mariadb-server)"));
        List<String> command = new ArrayList<>(List.of(installDb.toString(), "--no-defaults",
                "--datadir=" + dataDir, "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (root) {
            command.add("--user=root");
        }
        command.addAll(commonOptions(runDir));
        Path log = runDir.resolve("install.log");
        Process install = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!waitFor(install, START_TIMEOUT) || install.exitValue() != 0) {
            install.destroyForcibly();
            throw new IOException("mariadb-install-db failed; its output:\n" + read(log));
        }
    }

    /** Starts {@code mariadbd}, moving to another free port if the one picked was taken meanwhile. */
    private static LocalMariaDb launch(Path server, Options options, Path runDir, Path dataDir, boolean root,
            Optional<TlsFiles> tls) throws IOException {
        Path log = runDir.resolve("mariadbd.log");
        for (int attempt = 1; ; attempt++) {
            int port = options.port() != 0 ? options.port() : freePort();
            Process process = new ProcessBuilder(serverCommand(server, options, runDir, dataDir, root, tls, port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Optional<String> version;
            try {
                version = awaitGreeting(process, runDir.resolve("mariadbd.sock"));
            } catch (IOException | RuntimeException e) {
                stop(process);
                throw new IOException(e.getMessage() + "; mariadbd log:\n" + read(log), e);
            }
            if (version.isPresent()) {
                return new LocalMariaDb(process, runDir, dataDir, port, tls, version.get());
            }
            String output = read(log);
            boolean portTaken = options.port() == 0 && output.contains("Address already in use");
            if (!portTaken || attempt == PORT_ATTEMPTS) {
                throw new IOException("mariadbd exited with status " + process.exitValue()
                        + " before accepting connections; its log:\n" + output);
            }
        }
    }

    private static List<String> serverCommand(Path server, Options options, Path runDir, Path dataDir, boolean root,
            Optional<TlsFiles> tls, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--bind-address=" + HOST,
                "--port=" + port,
                "--socket=" + runDir.resolve("mariadbd.sock"),
                "--pid-file=" + runDir.resolve("mariadbd.pid"),
                // What Debian's packaged server.cnf sets; the compiled-in default is latin1.
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_general_ci",
                "--max-allowed-packet=64M",
                "--local-infile=1"));
        if (root) {
            command.add("--user=root");
        }
        command.addAll(commonOptions(runDir));
        tls.ifPresent(files -> command.addAll(List.of("--ssl-ca=" + files.caCert(),
                "--ssl-cert=" + files.serverCert(), "--ssl-key=" + files.serverKey())));
        command.addAll(options.serverOptions());
        return command;
    }

    /** Options for both the bootstrap run and the server. */
    private static List<String> commonOptions(Path runDir) throws IOException {
        List<String> options = new ArrayList<>(SMALL_INNODB);
        options.add("--skip-name-resolve");
        // A starting mariadbd deletes every "#sql*" file it finds in its tmpdir as a leftover of a
        // crash, including live temporary tables of other servers sharing /tmp: two concurrent
        // mariadb-install-db runs failed with "Unknown table 'mysql.tmp_user_sys'" until each had its own.
        options.add("--tmpdir=" + Files.createDirectories(runDir.resolve("tmp")));
        return options;
    }

    /** Probes the Unix socket until the server greets, it exits (empty result), or the start timeout passes. */
    private static Optional<String> awaitGreeting(Process process, Path socket) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!waitFor(process, Duration.ofMillis(PROBE_INTERVAL_MILLIS))) {
            Optional<String> version = GreetingProbe.probe(socket, deadline);
            if (version.isPresent()) {
                return version;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("mariadbd did not accept connections within " + START_TIMEOUT);
            }
        }
        return Optional.empty();
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    /** The server's own Unix socket, inside the temporary folder. */
    public Path socket() {
        return runDir.resolve("mariadbd.sock");
    }

    /** The CA certificate that signed the server's certificate; empty when TLS is off. */
    public Optional<Path> caCert() {
        return tls.map(TlsFiles::caCert);
    }

    public String rootUser() {
        return "root";
    }

    /** Empty: {@code mariadb-install-db --auth-root-authentication-method=normal} sets no password. */
    public String rootPassword() {
        return "";
    }

    /** The version string from the server greeting, e.g. {@code 10.11.19-MariaDB-0+deb12u1}. */
    public String serverVersion() {
        return serverVersion;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The server's combined output and error log; deleted with the temporary folder on close. */
    public Path log() {
        return runDir.resolve("mariadbd.log");
    }

    /** Shuts the server down cleanly (SIGTERM, then a kill after 30 s) and deletes the temporary folder. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        stop(process);
        deleteTree(runDir);
    }

    private static void stop(Process process) throws IOException {
        process.destroy();
        if (!waitFor(process, STOP_TIMEOUT)) {
            process.destroyForcibly();
            waitFor(process, STOP_TIMEOUT);
        }
    }

    /** {@link Process#waitFor(long, TimeUnit)}, turning an interrupt into an exception after a kill. */
    private static boolean waitFor(Process process, Duration timeout) throws IOException {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InterruptedIOException("interrupted while waiting for pid " + process.pid());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    private static Optional<Path> findExecutable(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Paths.get(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
