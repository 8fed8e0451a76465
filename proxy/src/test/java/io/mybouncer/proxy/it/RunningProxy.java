package io.mybouncer.proxy.it;

import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.proxy.ProxyServer;
import io.mybouncer.proxy.config.AdminSettings;
import io.mybouncer.proxy.config.AuthMode;
import io.mybouncer.proxy.config.BackendConfig;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigSource;
import io.mybouncer.proxy.config.ClientSettings;
import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.config.HostPort;
import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.config.PoolSettings;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.config.Secret;
import io.mybouncer.proxy.config.UserConfig;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.pool.PoolStats;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ProxyServer} in session pool mode (or another, when asked) in front of a backend, listening on a free loopback
 * port (and a Unix socket when asked), with one user whose name and password are the backend's own
 * ({@link #user()}, {@link #password()}) and more when asked, or in passthrough mode with none. A
 * test class starts one in {@code @BeforeAll} and closes it in {@code @AfterAll}.
 */
final class RunningProxy implements AutoCloseable {
    /** Two loops, whatever the machine: a client and its backend on different loops is a path to test. */
    private static final int EVENT_LOOPS = 2;

    static final String HOST = "127.0.0.1";
    /** How long the proxy may take to read the backend's greeting. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * What a test class changes from the defaults.
     *
     * @param pools      pool mode and size, timeouts
     * @param clients    per-client limits, LOCAL INFILE
     * @param unixSocket a Unix socket listener besides the TCP one
     * @param backendTls TLS to the backend
     * @param http       whether to serve metrics and health over HTTP, on a free port
     * @param moreUsers  users besides the proxy's own, each the same on the backend
     * @param auth       configured (the proxy's user and {@code moreUsers}) or passthrough (no users)
     */
    record Settings(PoolSettings pools, ClientSettings clients, Optional<Path> unixSocket, TlsMode backendTls,
            boolean http, List<UserConfig> moreUsers, AuthMode auth) {
        /**
         * A backend login may take this long: far above the 5 s default, because these tests share
         * two cores with the server and with other builds, and a TLS login to a server under that
         * load was measured at more than 5 s. Tests of an unreachable backend are refused at once
         * (connection refused), so they do not wait for it.
         */
        private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
        /** Long enough for a connect under that load; tests of the timeout itself set their own. */
        private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);

        /** The default settings, but for the connect and acquire timeouts. */
        static Settings defaults() {
            return new Settings(pool(PoolMode.SESSION, PoolSettings.defaults().size(), ACQUIRE_TIMEOUT),
                    ClientSettings.defaults(),
                    Optional.empty(), TlsMode.PREFERRED, false, List.of(), AuthMode.CONFIGURED);
        }

        /** A pool of {@code size} backends and a short wait for one: the settings of the pool-limit tests. */
        Settings withPool(int size, Duration acquireTimeout) {
            return new Settings(pool(pools.mode(), size, acquireTimeout), clients, unixSocket, backendTls, http,
                    moreUsers, auth);
        }

        /** The same pools in another pool mode. */
        Settings withMode(PoolMode mode) {
            return new Settings(pool(mode, pools.size(), pools.acquireTimeout()), clients, unixSocket, backendTls,
                    http, moreUsers, auth);
        }

        private static PoolSettings pool(PoolMode mode, int size, Duration acquireTimeout) {
            PoolSettings base = PoolSettings.defaults();
            return new PoolSettings(mode, size, 0, base.maxClientConnections(), acquireTimeout,
                    base.idleTimeout(), base.maxLifetime(), CONNECT_TIMEOUT, base.validationInterval());
        }

        Settings withLocalInfile(boolean enabled) {
            ClientSettings base = clients;
            return new Settings(pools, new ClientSettings(base.loginTimeout(), base.maxPacketSize(), enabled),
                    unixSocket, backendTls, http, moreUsers, auth);
        }

        Settings withUnixSocket(Path path) {
            return new Settings(pools, clients, Optional.of(path), backendTls, http, moreUsers, auth);
        }

        Settings withBackendTls(TlsMode mode) {
            return new Settings(pools, clients, unixSocket, mode, http, moreUsers, auth);
        }

        Settings withHttp() {
            return new Settings(pools, clients, unixSocket, backendTls, true, moreUsers, auth);
        }

        /** Another user, whose backend account has the same name and password. */
        Settings withUser(String name, String password) {
            List<UserConfig> users = new ArrayList<>(moreUsers);
            users.add(UserConfig.sameOnBackend(name, Secret.plaintext(password)));
            return new Settings(pools, clients, unixSocket, backendTls, http, users, auth);
        }

        /** Passthrough authentication: no users configured, every password checked by the backend. */
        Settings withPassthrough() {
            return new Settings(pools, clients, unixSocket, backendTls, http, List.of(), AuthMode.PASSTHROUGH);
        }
    }

    private final ProxyServer server;
    private final int port;
    private final Optional<Path> unixSocket;
    private final BackendAccount account;

    private RunningProxy(ProxyServer server, int port, Optional<Path> unixSocket, BackendAccount account) {
        this.server = server;
        this.port = port;
        this.unixSocket = unixSocket;
        this.account = account;
    }

    /** A proxy in front of the shared fixture, logging in with {@link BackendAccount#forProxy}. */
    static RunningProxy start(TestBackend backend, Settings settings)
            throws IOException, InterruptedException, SQLException {
        BackendAccount account = BackendAccount.forProxy(backend);
        return start(backend.host(), backend.port(), account.user(), account.password(), settings);
    }

    /** A proxy in front of any server; returns once it has read the backend's greeting. */
    static RunningProxy start(String backendHost, int backendPort, String user, String password, Settings settings)
            throws IOException, InterruptedException {
        List<ListenerConfig> listeners = new ArrayList<>();
        listeners.add(new ListenerConfig.Tcp(new HostPort(HOST, freePort())));
        settings.unixSocket().ifPresent(path ->
                listeners.add(new ListenerConfig.UnixSocket(path, ListenerConfig.UnixSocket.DEFAULT_FILE_MODE)));
        List<UserConfig> users = new ArrayList<>(settings.moreUsers());
        if (settings.auth() == AuthMode.CONFIGURED) {
            users.add(0, UserConfig.sameOnBackend(user, Secret.plaintext(password)));
        }
        ProxyConfig config = new ProxyConfig(listeners,
                new BackendConfig(new HostPort(backendHost, backendPort), settings.backendTls(), Optional.empty()),
                settings.auth(), users, settings.pools(), Optional.empty(),
                settings.http() ? Optional.of(new HostPort(HOST, freePort())) : Optional.empty(),
                settings.clients(), EVENT_LOOPS, ForkSafetyPolicy.REJECT, AdminSettings.defaults());
        return started(new ProxyServer(config), settings.unixSocket(), new BackendAccount(user, password));
    }

    /**
     * A proxy configured from {@code source} (a file, which the admin console's RELOAD reads again),
     * whose clients log in as {@code account}; returns once it has read the backend's greeting.
     */
    static RunningProxy start(ConfigSource source, BackendAccount account)
            throws IOException, InterruptedException, ConfigException {
        return started(new ProxyServer(source.load(), source), Optional.empty(), account);
    }

    private static RunningProxy started(ProxyServer server, Optional<Path> unixSocket, BackendAccount account)
            throws IOException, InterruptedException {
        try {
            server.start();
            BoundedWait.until("the proxy has read the backend's greeting", READY_TIMEOUT, () -> server.whenReady().isDone());
            return new RunningProxy(server, server.tcpAddress().getPort(), unixSocket, account);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /**
     * A port nobody listens on now. {@code HostPort} rejects port 0, so the proxy cannot be asked to
     * pick one; a port freed a moment ago is taken again by another process only in rare races.
     */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    /** The server itself, for what only it can say (whether it still accepts, when it has closed). */
    ProxyServer server() {
        return server;
    }

    /** The base URL of the HTTP endpoint, e.g. {@code http://127.0.0.1:40123}. */
    String httpBase() {
        InetSocketAddress address = server.httpAddress()
                .orElseThrow(() -> new IllegalStateException("this proxy serves no HTTP endpoint"));
        return "http://" + HOST + ":" + address.getPort();
    }

    /** The proxy's one user, who is also the backend account it logs in with. */
    String user() {
        return account.user();
    }

    String password() {
        return account.password();
    }

    Path unixSocket() {
        return unixSocket.orElseThrow(() -> new IllegalStateException("this proxy has no Unix socket listener"));
    }

    /** The one pool the tests' single user and schema lead to; fails when there is none or several. */
    PoolStats pool() {
        List<PoolStats> pools = pools();
        if (pools.size() != 1) {
            throw new AssertionError("expected exactly one pool, found " + pools.size() + ": " + pools);
        }
        return pools.get(0);
    }

    /** Every pool's snapshot. */
    List<PoolStats> pools() {
        return List.copyOf(server.poolStats().values());
    }

    /** The snapshot of the pool with {@code key}, if it exists. */
    Optional<PoolStats> pool(PoolKey key) {
        return Optional.ofNullable(server.poolStats().get(key));
    }

    /** The keys of every pool that exists now. */
    Set<PoolKey> poolKeys() {
        return server.poolStats().keySet();
    }

    /** Every meter now, as {@code /metrics} would serve it (no HTTP endpoint needed). */
    PrometheusText metrics() {
        return PrometheusText.parse(server.scrapeMetrics());
    }

    @Override
    public void close() {
        server.close();
    }
}
