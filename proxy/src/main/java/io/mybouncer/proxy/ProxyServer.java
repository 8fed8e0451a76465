package io.mybouncer.proxy;

import io.mybouncer.protocol.auth.HandshakeV10;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.proxy.admin.AdminConsole;
import io.mybouncer.proxy.admin.ProxyControl;
import io.mybouncer.proxy.backend.BackendConnector;
import io.mybouncer.proxy.backend.BackendGreeting;
import io.mybouncer.proxy.backend.BackendTarget;
import io.mybouncer.proxy.config.AuthMode;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigSource;
import io.mybouncer.proxy.config.ListenerConfig;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.config.ReloadPlan;
import io.mybouncer.proxy.config.Setting;
import io.mybouncer.proxy.forksafety.CachedPeerProcesses;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.forksafety.ProcPeerProcesses;
import io.mybouncer.proxy.frontend.ClientChannelInitializer;
import io.mybouncer.proxy.frontend.ClientTlsContext;
import io.mybouncer.proxy.frontend.FrontendListener;
import io.mybouncer.proxy.frontend.FrontendSettings;
import io.mybouncer.proxy.frontend.LoginAdmission;
import io.mybouncer.proxy.frontend.PassthroughAdmission;
import io.mybouncer.proxy.frontend.PasswordVerifiers;
import io.mybouncer.proxy.frontend.ServerIdentity;
import io.mybouncer.proxy.frontend.UserDirectory;
import io.mybouncer.proxy.http.HttpEndpoint;
import io.mybouncer.proxy.metrics.ProxyMetrics;
import io.mybouncer.proxy.pool.BackendFactory;
import io.mybouncer.proxy.pool.PassthroughPasswords;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolKey;
import io.mybouncer.proxy.pool.PoolRegistry;
import io.mybouncer.proxy.pool.PoolStats;
import io.mybouncer.proxy.pool.PooledConnection;
import io.mybouncer.proxy.session.PassthroughLogin;
import io.mybouncer.proxy.session.SessionPools;
import io.mybouncer.proxy.session.SessionRegistry;
import io.mybouncer.proxy.session.SessionServices;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Wires the proxy together and owns its lifecycle: event loops (as many as cores, shared by
 * clients and backends so a client's backend can live on its thread), the backend identity, the
 * pools, and the listeners.
 *
 * <p>The backend's greeting is read before the first client is served, since the proxy's greeting
 * shows the backend's version and capabilities; while the backend cannot be reached, the greeting
 * is retried every second and clients are refused with an ERR that says so.
 *
 * <p>While running, the admin console can reload the configuration ({@link #reload}: pool settings,
 * users, admins and login limits change, the rest waits for a restart) and shut the proxy down
 * gracefully ({@link #shutdown}).
 */
public final class ProxyServer implements ProxyControl, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());
    private static final long GREETING_RETRY_MILLIS = 1000;

    /** The configuration in force: the start's, then each reload's. */
    private volatile ProxyConfig config;
    /** Where {@link #reload} reads the configuration again. */
    private final ConfigSource source;
    private final NettyTransport transport = NettyTransport.preferred();
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup workers;
    private final BackendTarget target;
    private final PoolRegistry pools;
    private final SessionRegistry sessions = new SessionRegistry();
    private final ProxyMetrics metrics;
    private final ForkHazardDetector forkHazards;
    private HttpEndpoint http;
    private final AtomicReference<FrontendSettings> frontend = new AtomicReference<>();
    /** Completed when the backend's greeting has been read and clients are served. */
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final AtomicLong connectionIds = new AtomicLong();
    private final List<Channel> listeners = new ArrayList<>();
    private final SslContext clientTls;
    private final KeyPair rsaKeys;
    private final SecureRandom random = new SecureRandom();
    private final SessionPools sessionPools;
    /** Every client user name, in passthrough; the configured users otherwise. */
    private final UserDirectory users;
    /** The configured users, which a reload replaces; {@code null} in passthrough, which has none. */
    private final ConfiguredUsers configuredUsers;
    private final LoginAdmission admission;
    private final AdminConsole console;
    /** Set once by {@link #shutdown}. */
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    /** Set once by {@link #close}. */
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Completed when {@link #close} has finished. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    /** A proxy whose configuration was built in code: a RELOAD finds it unchanged. */
    public ProxyServer(ProxyConfig config) throws IOException {
        this(config, ConfigSource.fixed(config));
    }

    /** @param source where RELOAD reads the configuration again; {@code config} is what it gave at start */
    public ProxyServer(ProxyConfig config, ConfigSource source) throws IOException {
        this.config = config;
        this.source = source;
        this.acceptGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        this.workers = new MultiThreadIoEventLoopGroup(config.threads(), transport.ioHandlerFactory());
        this.target = new BackendTarget(new ServerAddress.Tcp(config.backend().address().host(),
                config.backend().address().port()), config.backend().tls(),
                config.backend().caCertificate().orElse(null), config.pools().connectTimeout(),
                config.clients().maxPacketSize());
        // An answer is reused for 1 s per connection (a fork after it shows at the next look), and at
        // most 20 fresh lookups run per second: a full /proc scan costs about 15 ms with 100 processes.
        this.forkHazards = new ForkHazardDetector(config.forkSafety(), new CachedPeerProcesses(
                ProcPeerProcesses.onThisMachine(), Duration.ofSeconds(1), 20, System::nanoTime));
        this.metrics = new ProxyMetrics(config.pools().mode(), this::poolList, forkHazards, this::clientCounts);
        String backendName = target.address().toString();
        PassthroughPasswords passthroughPasswords = new PassthroughPasswords();
        boolean trackSessions = config.pools().mode() != PoolMode.SESSION;
        if (config.auth() == AuthMode.PASSTHROUGH) {
            // A client's backend account is its own, with the password it revealed at login.
            BackendConnector connector = new BackendConnector(target, transport, passthroughPasswords::password,
                    metrics, trackSessions);
            PasswordVerifiers verifiers = new PasswordVerifiers(random, Ticker.systemTicker());
            this.pools = new PoolRegistry(config.pools(), forgettingRefused(connector, verifiers), workers, metrics);
            this.sessionPools = new SessionPools(Function.identity(), pools::pool, backendName, passthroughPasswords,
                    config.pools().mode(), metrics.pinCounters());
            this.users = UserDirectory.passthrough();
            this.configuredUsers = null;
            this.admission = new PassthroughAdmission(verifiers, new PassthroughLogin(sessionPools, connector),
                    backendName);
        } else {
            this.configuredUsers = new ConfiguredUsers(config.users());
            this.pools = new PoolRegistry(config.pools(), new BackendConnector(target, transport,
                    configuredUsers.backendPasswords(), metrics, trackSessions), workers, metrics);
            this.sessionPools = new SessionPools(configuredUsers.backendUsers(), pools::pool, backendName,
                    passthroughPasswords, config.pools().mode(), metrics.pinCounters());
            this.users = configuredUsers.directory();
            this.admission = LoginAdmission.ACCEPT_ALL;
        }
        // RELOAD reads files: off the event loops.
        this.console = new AdminConsole(pools, sessions, metrics, this, ForkJoinPool.commonPool());
        this.clientTls = config.clientTls().isPresent()
                ? ClientTlsContext.fromFiles(config.clientTls().get().certificate(), config.clientTls().get().key())
                        .sslContext()
                // No certificate configured: a self-signed one, as MySQL generates at first start.
                : ClientTlsContext.generate(Files.createTempDirectory("mybouncer-tls-")).sslContext();
        this.rsaKeys = RsaPasswordEncryptor.generateKeyPair(random);
    }

    /**
     * Reads the backend's greeting (retrying in the background if it is down), binds the listeners,
     * then the HTTP endpoint if configured.
     */
    public void start() throws IOException, InterruptedException {
        readGreeting();
        for (ListenerConfig listener : config.listeners()) {
            listeners.add(bind(listener));
        }
        if (config.http().isPresent()) {
            http = HttpEndpoint.bind(config.http().get(), transport, acceptGroup, metrics, this::notReadyReason);
            LOG.log(Level.INFO, "metrics and health on http://{0}", config.http().get());
        }
    }

    private Channel bind(ListenerConfig listener) throws IOException, InterruptedException {
        FrontendListener binder = new FrontendListener(transport, acceptGroup, workers);
        if (listener instanceof ListenerConfig.Tcp tcp) {
            Channel channel = binder.bindTcp(tcp.address().host(), tcp.address().port(), initializer(false));
            LOG.log(Level.INFO, "listening on {0}", channel.localAddress());
            return channel;
        }
        ListenerConfig.UnixSocket unix = (ListenerConfig.UnixSocket) listener;
        Channel channel = binder.bindUnix(unix.path(), unix.fileMode(), initializer(true));
        LOG.log(Level.INFO, "listening on {0}", unix.path());
        return channel;
    }

    private ClientChannelInitializer initializer(boolean unixSocket) {
        return new ClientChannelInitializer(frontend::get, unixSocket, () -> config.pools().maxClientConnections(),
                clients, connectionIds, new SessionServices(sessionPools, sessions, forkHazards, console), admission,
                metrics.clientTraffic());
    }

    private void readGreeting() {
        BackendGreeting.read(workers.next(), transport, target).addListener((Future<HandshakeV10> read) -> {
            if (read.isSuccess()) {
                HandshakeV10 greeting = read.getNow();
                frontend.set(frontendSettings(new ServerIdentity(greeting.serverVersion(), greeting.capabilities(),
                        greeting.characterSet())));
                LOG.log(Level.INFO, "backend {0} is {1}", target.address(), greeting.serverVersion());
                ready.complete(null);
            } else {
                LOG.log(Level.WARNING, "backend {0} unreachable ({1}); retrying", target.address(),
                        read.cause().toString());
                workers.schedule(this::readGreeting, GREETING_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** What logins read, from the configuration in force. */
    private FrontendSettings frontendSettings(ServerIdentity server) {
        return new FrontendSettings(server, MysqlNativePassword.NAME, clientTls, config.clients().localInfile(),
                config.clients().loginTimeout(), config.clients().maxPacketSize(), users, rsaKeys, random);
    }

    /**
     * Passthrough: when the backend refuses a pool's login, the held password was changed there; the
     * user's verifier goes too, so its next login is checked with the backend again.
     */
    private static BackendFactory forgettingRefused(BackendFactory factory, PasswordVerifiers verifiers) {
        return (key, loop) -> {
            Future<PooledConnection> connecting = factory.connect(key, loop);
            connecting.addListener(done -> {
                if (!done.isSuccess() && PassthroughAdmission.refusesPassword(done.cause())) {
                    verifiers.forget(key.user());
                }
            });
            return connecting;
        };
    }

    /** Completes once the backend's greeting has been read, so clients are served. */
    public CompletableFuture<Void> whenReady() {
        return ready;
    }

    /** The bound address of the first TCP listener (useful with port 0). */
    public InetSocketAddress tcpAddress() {
        for (Channel channel : listeners) {
            if (channel.localAddress() instanceof InetSocketAddress address) {
                return address;
            }
        }
        throw new IllegalStateException("no TCP listener");
    }

    /** A snapshot of every pool that exists now (pools are created at a client's first login to them). */
    public Map<PoolKey, PoolStats> poolStats() {
        Map<PoolKey, PoolStats> stats = new LinkedHashMap<>();
        pools.pools().forEach(pool -> stats.put(pool.key(), pool.stats()));
        return stats;
    }

    /** For the metrics, which are built before the registry (it reports to them) and read it later. */
    private List<Pool> poolList() {
        return pools.pools();
    }

    /** Console connections are client connections of no pool: they count in no client state. */
    private ProxyMetrics.ClientCounts clientCounts() {
        return ProxyMetrics.ClientCounts.of(clients.get() - console.sessionCount(), sessions.countByState());
    }

    /**
     * Why the proxy should not get traffic now, for {@code /health/ready}: the backend's greeting is
     * not read yet, a listener is not bound, or the last connect of a pool failed. A backend that
     * goes down while no client needs a connection is noticed at the next connect or validation.
     */
    public Optional<String> notReadyReason() {
        if (shuttingDown.get()) {
            return Optional.of("shutting down (SHUTDOWN in the admin console)");
        }
        if (pools.paused()) {
            return Optional.of("paused by the admin console (PAUSE); RESUME ends it");
        }
        if (!ready.isDone()) {
            return Optional.of("the backend's greeting has not been read yet (" + target.address() + ")");
        }
        if (listeners.size() < config.listeners().size()) {
            return Optional.of("listeners are not bound yet");
        }
        return pools.pools().stream().filter(pool -> pool.stats().connectFailing()).findFirst()
                .map(pool -> "connects of pool " + pool.key().label() + " to " + target.address() + " are failing");
    }

    /** The HTTP endpoint's bound address, when configured. */
    public Optional<InetSocketAddress> httpAddress() {
        return Optional.ofNullable(http).map(HttpEndpoint::address);
    }

    /** The Prometheus text of every meter, as {@code /metrics} serves it. */
    public String scrapeMetrics() {
        return metrics.scrape();
    }

    @Override
    public ProxyConfig config() {
        return config;
    }

    @Override
    public Optional<String> backendVersion() {
        return Optional.ofNullable(frontend.get()).map(settings -> settings.server().serverVersion());
    }

    /**
     * Reads the configuration again and applies what can change while running ({@link ReloadPlan}):
     * pool sizes and timeouts at once (see {@link Pool#reconfigure}), users and admins from the next
     * login, login limits from the next connection. Connected clients stay. Logged when applied; the
     * configuration generation metric counts each applied reload.
     *
     * @throws ConfigException when the configuration cannot be used; nothing changes then, and the
     *                         caller says so
     */
    @Override
    public synchronized ReloadPlan reload() throws ConfigException {
        ReloadPlan plan = ReloadPlan.of(config, source.load(), source.name());
        ProxyConfig next = plan.effective();
        config = next;
        pools.reconfigure(next.pools());
        if (configuredUsers != null) {
            configuredUsers.update(next.users());
        }
        frontend.updateAndGet(settings -> settings == null ? null : frontendSettings(settings.server()));
        long generation = metrics.configLoaded();
        LOG.log(plan.needRestart().isEmpty() ? Level.INFO : Level.WARNING,
                "configuration {0} reloaded (generation {1}): applied {2}; needs a restart: {3}", source.name(),
                String.valueOf(generation), keys(plan.applied()), keys(plan.needRestart()));
        return plan;
    }

    private static String keys(List<Setting> settings) {
        return settings.isEmpty() ? "nothing" : settings.stream().map(Setting::key).collect(Collectors.joining(", "));
    }

    /**
     * Graceful shutdown, once: the listeners close, then each client is closed as soon as it is
     * between transactions ({@link GracefulShutdown}); after {@code shutdown_timeout} the rest are
     * closed with the proxy. Returns at once; {@link #whenClosed} completes at the end.
     */
    @Override
    public void shutdown() {
        if (!shuttingDown.compareAndSet(false, true)) {
            return;
        }
        Duration timeout = config.admin().shutdownTimeout();
        LOG.log(Level.INFO, "shutting down: listeners closed; {0} client connections have {1} ms to finish",
                String.valueOf(clients.get()), String.valueOf(timeout.toMillis()));
        listeners.forEach(Channel::close);
        new GracefulShutdown(acceptGroup.next(), sessions, console, clients::get, timeout, () -> {
            // Not on an event loop: closing shuts the loops down and waits for them.
            Thread closer = new Thread(this::close, "mybouncer-shutdown");
            closer.start();
        }).start();
    }

    /** Completes when the proxy has closed, after {@link #close} or a SHUTDOWN. */
    public CompletableFuture<Void> whenClosed() {
        return closed;
    }

    /** Whether the listeners still accept: false once a SHUTDOWN has closed them. */
    public boolean accepting() {
        return listeners.stream().anyMatch(Channel::isActive);
    }

    /** Closes everything at once; idempotent. Not on one of the proxy's event loops, whose shutdown it awaits. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (http != null) {
            http.close();
        }
        for (Channel listener : listeners) {
            listener.close().syncUninterruptibly();
        }
        pools.close();
        forkHazards.close();
        acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        closed.complete(null);
    }
}
