package io.mybouncer.proxy.config;

import io.mybouncer.protocol.client.TlsMode;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Builds a {@link ProxyConfig} from an optional YAML file, command-line flags and defaults, in that
 * order of precedence.
 *
 * <p>Every key is validated: unknown keys (typos must not pass silently), types, ranges, files that
 * must exist. Problems are collected rather than thrown one at a time, so a single run of
 * {@code mybouncer check-config} shows all of them. A value in the file is validated even when a flag
 * overrides it, so a broken file is not discovered the day the flag is dropped.
 *
 * <p>The loader accepts every pool mode; refusing one that is not built yet is the caller's decision.
 */
public final class ConfigLoader {
    /** MySQL's {@code max_connections} cannot exceed 100000; a pool larger than that cannot fill. */
    static final int MAX_POOL_SIZE = 100_000;

    private static final String[] TOP_LEVEL_KEYS =
            {"listeners", "backend", "auth", "users", "pools", "client_tls", "http", "clients", "threads",
                "fork_safety", "admin_users", "shutdown_timeout"};

    private final SecretReader secrets;

    /**
     * @param environment what {@code ${NAME}} references resolve against: {@code System.getenv()} in
     *                    production, a map of its own in tests
     */
    public ConfigLoader(Map<String, String> environment) {
        this.secrets = new SecretReader(environment);
    }

    /**
     * Loads and validates.
     *
     * @param file      the YAML file, if any; without one, flags and defaults make the configuration
     * @param overrides flags, which win over the file
     * @throws ConfigException with every problem found
     */
    public ProxyConfig load(Optional<Path> file, ConfigOverrides overrides) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigMapping root;
        if (file.isPresent()) {
            Optional<Map<?, ?>> yaml = ConfigFileReader.read(file.get(), problems);
            if (yaml.isEmpty()) {
                throw new ConfigException(problems);
            }
            root = ConfigMapping.of(file.get().toString(), "", yaml.get(), problems).allowing(TOP_LEVEL_KEYS);
        } else {
            root = ConfigMapping.of(ConfigProblem.COMMAND_LINE, "", Map.of(), problems);
        }
        ConfigMapping flags = ConfigMapping.of(ConfigProblem.COMMAND_LINE, "", flagValues(overrides), problems);

        List<ListenerConfig> listeners = new ListenersReader(problems).read(root, flags);
        Optional<BackendConfig> backend = backend(root, flags);
        AuthMode auth = preferFlag(flags.choice("--auth", AuthMode.class), root.choice("auth", AuthMode.class))
                .orElse(AuthMode.CONFIGURED);
        List<UserConfig> users = new UsersReader(secrets, problems).read(root, overrides.users(), auth);
        PoolSettings pools = pools(root, flags);
        if (auth == AuthMode.PASSTHROUGH && pools.minIdle() > 0) {
            root.mappingOrEmpty("pools").problem("min_idle", pools.minIdle() + " (expected: 0 with auth passthrough,"
                    + " which knows a user's password only while a client of that user is logged in, so it cannot"
                    + " keep idle connections warm)");
        }
        Optional<ClientTlsConfig> clientTls = root.mapping("client_tls").flatMap(ConfigLoader::clientTls);
        Optional<HostPort> http = preferFlag(flags.hostPort("--http"), root.hostPort("http"));
        ClientSettings clients = clients(root.mappingOrEmpty("clients"));
        int threads = preferFlag(flags.integer("--threads", 1, ProxyConfig.MAX_THREADS),
                root.integer("threads", 1, ProxyConfig.MAX_THREADS)).orElseGet(ProxyConfig::defaultThreads);
        ForkSafetyPolicy forkSafety = preferFlag(flags.choice("--fork-safety", ForkSafetyPolicy.class),
                root.choice("fork_safety", ForkSafetyPolicy.class)).orElse(ForkSafetyPolicy.REJECT);
        AdminSettings admin = new AdminReader(problems).read(root, overrides.adminUsers(), auth, users);

        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ProxyConfig(listeners, backend.orElseThrow(), auth, users, pools, clientTls, http, clients, threads,
                forkSafety, admin);
    }

    /** The flags as a mapping keyed by flag name, so they are validated with the file's getters. */
    private static Map<String, Object> flagValues(ConfigOverrides overrides) {
        Map<String, Object> values = new HashMap<>();
        overrides.listen().ifPresent(value -> values.put("--listen", value));
        overrides.socket().ifPresent(value -> values.put("--socket", value));
        overrides.backend().ifPresent(value -> values.put("--backend", value));
        overrides.poolMode().ifPresent(value -> values.put("--pool-mode", value));
        overrides.poolSize().ifPresent(value -> values.put("--pool-size", value));
        overrides.maxClientConnections().ifPresent(value -> values.put("--max-client-conn", value));
        overrides.http().ifPresent(value -> values.put("--http", value));
        overrides.auth().ifPresent(value -> values.put("--auth", value));
        overrides.threads().ifPresent(value -> values.put("--threads", value));
        overrides.forkSafety().ifPresent(value -> values.put("--fork-safety", value));
        return values;
    }

    /**
     * The flag's value if given, else the file's. Both were read (and so validated) before this call,
     * on purpose: see the class comment.
     */
    private static <T> Optional<T> preferFlag(Optional<T> flag, Optional<T> file) {
        return flag.isPresent() ? flag : file;
    }

    private static Optional<BackendConfig> backend(ConfigMapping root, ConfigMapping flags) {
        Optional<HostPort> flag = flags.hostPort("--backend", BackendConfig.DEFAULT_PORT);
        Optional<ConfigMapping> section = root.mapping("backend").map(m -> m.allowing("host", "port", "tls", "ca"));
        Optional<String> host = section.flatMap(s -> s.value("host", "a host name or IP address",
                text -> Optional.of(text).filter(h -> !h.isEmpty() && h.chars().noneMatch(Character::isWhitespace))));
        Optional<Integer> port = section.flatMap(s -> s.integer("port", 1, 65535));
        Optional<TlsMode> tlsChoice = section.flatMap(s -> s.choice("tls", TlsMode.class));
        TlsMode tls = tlsChoice.orElse(TlsMode.PREFERRED);
        Optional<Path> ca = section.flatMap(s -> s.readableFile("ca"));
        section.ifPresent(s -> {
            ca.ifPresent(file -> requireCertificates(s, "ca", file));
            if (s.has("tls") && tlsChoice.isEmpty()) {
                return; // refused above; whether a ca fits depends on the mode that was meant
            }
            if (tls == TlsMode.VERIFY_CA && !s.has("ca")) {
                s.problem("tls", "verify_ca (expected: backend.ca, the CA certificate that signed the server's, "
                        + "or another tls mode)");
            } else if (tls != TlsMode.VERIFY_CA && s.has("ca")) {
                s.problem("ca", "only used with tls: verify_ca (expected: tls: verify_ca, or no ca)");
            }
        });
        if (flag.isEmpty() && host.isEmpty()) {
            if (flags.has("--backend")) {
                return Optional.empty();
            }
            if (section.isPresent() && !section.get().has("host")) {
                section.get().problem("host", "not set (expected: the server's host name or IP address, "
                        + "or --backend HOST:PORT)");
            } else if (section.isEmpty() && !root.has("backend")) {
                root.problem("backend", "not set (expected: --backend HOST:PORT, or backend: with host: in a "
                        + "--config file)");
            }
            return Optional.empty();
        }
        HostPort address = flag.orElseGet(() ->
                new HostPort(host.orElseThrow(), port.orElse(BackendConfig.DEFAULT_PORT)));
        return tls == TlsMode.VERIFY_CA && ca.isEmpty() ? Optional.empty()
                : Optional.of(new BackendConfig(address, tls, tls == TlsMode.VERIFY_CA ? ca : Optional.empty()));
    }

    private static PoolSettings pools(ConfigMapping root, ConfigMapping flags) {
        PoolSettings defaults = PoolSettings.defaults();
        ConfigMapping section = root.mappingOrEmpty("pools").allowing("mode", "size", "min_idle",
                "max_client_connections", "acquire_timeout", "idle_timeout", "max_lifetime", "connect_timeout",
                "validation_interval", "statement_cache_size");
        PoolMode mode = preferFlag(flags.choice("--pool-mode", PoolMode.class), section.choice("mode", PoolMode.class))
                .orElse(defaults.mode());
        int size = preferFlag(flags.integer("--pool-size", 1, MAX_POOL_SIZE), section.integer("size", 1, MAX_POOL_SIZE))
                .orElse(defaults.size());
        int minIdle = section.integer("min_idle", 0, MAX_POOL_SIZE).orElse(defaults.minIdle());
        if (minIdle > size) {
            section.problem("min_idle", minIdle + " (expected: at most the pool size, " + size + ")");
            minIdle = size;
        }
        int maxClients = preferFlag(flags.integer("--max-client-conn", 1, Integer.MAX_VALUE),
                section.integer("max_client_connections", 1, Integer.MAX_VALUE))
                .orElse(defaults.maxClientConnections());
        return new PoolSettings(mode, size, minIdle, maxClients,
                section.duration("acquire_timeout", false).orElse(defaults.acquireTimeout()),
                section.duration("idle_timeout", false).orElse(defaults.idleTimeout()),
                section.duration("max_lifetime", false).orElse(defaults.maxLifetime()),
                section.duration("connect_timeout", false).orElse(defaults.connectTimeout()),
                section.duration("validation_interval", true).orElse(defaults.validationInterval()),
                section.integer("statement_cache_size", 1, PoolSettings.MAX_STATEMENT_CACHE_SIZE)
                        .orElse(defaults.statementCacheSize()));
    }

    private static Optional<ClientTlsConfig> clientTls(ConfigMapping section) {
        section.allowing("certificate", "key");
        for (String key : new String[] {"certificate", "key"}) {
            if (!section.has(key)) {
                section.problem(key, "not set (expected: a PEM file; leave out client_tls entirely for a "
                        + "self-signed certificate generated at start)");
            }
        }
        Optional<Path> certificate = section.readableFile("certificate");
        Optional<Path> key = section.readableFile("key");
        if (certificate.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        try {
            // The same parsing the listener will do, so a bad file fails check-config, not the first client.
            SslContextBuilder.forServer(certificate.get().toFile(), key.get().toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            section.problemWithWhole("certificate and key do not make a usable TLS identity (expected: a PEM "
                    + "certificate and its PEM PKCS#8 private key): " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new ClientTlsConfig(certificate.get(), key.get()));
    }

    /** The CA file must hold at least one X.509 certificate (PEM or DER). */
    private static void requireCertificates(ConfigMapping section, String key, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (CertificateFactory.getInstance("X.509").generateCertificates(in).isEmpty()) {
                section.problem(key, ConfigMapping.show(file.toString()) + " (expected: a PEM CA certificate; "
                        + "the file holds none)");
            }
        } catch (GeneralSecurityException | IOException e) {
            section.problem(key, ConfigMapping.show(file.toString()) + " (expected: a PEM CA certificate): "
                    + e.getMessage());
        }
    }

    private static ClientSettings clients(ConfigMapping section) {
        ClientSettings defaults = ClientSettings.defaults();
        section.allowing("login_timeout", "max_packet_size", "local_infile");
        Duration loginTimeout = section.duration("login_timeout", false).orElse(defaults.loginTimeout());
        int maxPacketSize = section.byteSize("max_packet_size", ClientSettings.MIN_PACKET_SIZE,
                ClientSettings.MAX_PACKET_SIZE).orElse(defaults.maxPacketSize());
        boolean localInfile = section.bool("local_infile").orElse(defaults.localInfile());
        return new ClientSettings(loginTimeout, maxPacketSize, localInfile);
    }
}
