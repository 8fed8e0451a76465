package io.mybouncer.proxy.config;

import static io.mybouncer.proxy.config.ConfigFiles.MINIMAL;
import static io.mybouncer.proxy.config.ConfigFiles.flags;
import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.TlsMode;
import io.mybouncer.protocol.embedded.TlsFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path directory;

    private ConfigFiles files;
    private String file;

    @BeforeEach
    void setUp() {
        files = new ConfigFiles(directory, Map.of("APP_PASSWORD", "from-env", "EMPTY", ""));
        file = files.source();
    }

    @Test
    void minimalFileTakesEveryDefault() throws ConfigException {
        ProxyConfig config = files.load(MINIMAL);

        assertThat(config.listeners()).containsExactly(new ListenerConfig.Tcp(new HostPort("127.0.0.1", 6033)));
        assertThat(config.backend()).isEqualTo(BackendConfig.of(new HostPort("db.internal", 3306)));
        assertThat(config.auth()).isEqualTo(AuthMode.CONFIGURED);
        assertThat(config.users()).containsExactly(UserConfig.sameOnBackend("app", Secret.plaintext("app-password")));
        assertThat(config.pools()).isEqualTo(PoolSettings.defaults());
        assertThat(config.clientTls()).isEmpty();
        assertThat(config.http()).isEmpty();
        assertThat(config.clients()).isEqualTo(ClientSettings.defaults());
        assertThat(config.clients().localInfile()).isFalse();
        assertThat(config.threads()).isEqualTo(ProxyConfig.defaultThreads()).isPositive();
        assertThat(config.forkSafety()).isEqualTo(ForkSafetyPolicy.REJECT);
        assertThat(config.admin()).isEqualTo(AdminSettings.defaults());
    }

    @Test
    void fullFileSetsEverySetting() throws ConfigException, IOException {
        TlsFiles tls = TlsFiles.generate(directory);
        ProxyConfig config = files.load("""
                listeners:
                  - tcp: 0.0.0.0:7000
                  - tcp: "[::1]:7001"
                  - unix: %s
                    mode: 0600
                backend:
                  host: db.internal
                  port: 3307
                  tls: VERIFY_CA
                  ca: %s
                auth: configured
                users:
                  - name: app
                    password: ${APP_PASSWORD}
                    backend_user: app_rw
                    backend_password: backend-secret
                pools:
                  mode: transaction
                  size: 50
                  min_idle: 5
                  max_client_connections: 5000
                  acquire_timeout: 500ms
                  idle_timeout: 5m
                  max_lifetime: 2h
                  connect_timeout: 3s
                  validation_interval: 0
                client_tls:
                  certificate: %s
                  key: %s
                http: 127.0.0.1:9033
                clients:
                  login_timeout: 30s
                  max_packet_size: 16MiB
                  local_infile: true
                threads: 3
                fork_safety: log
                """.formatted(directory.resolve("s.sock"), tls.caCert(), tls.serverCert(), tls.serverKey()));

        assertThat(config.listeners()).containsExactly(
                new ListenerConfig.Tcp(new HostPort("0.0.0.0", 7000)),
                new ListenerConfig.Tcp(new HostPort("::1", 7001)),
                new ListenerConfig.UnixSocket(directory.resolve("s.sock"), 0600));
        assertThat(config.backend()).isEqualTo(new BackendConfig(new HostPort("db.internal", 3307), TlsMode.VERIFY_CA,
                Optional.of(tls.caCert())));
        assertThat(config.users()).containsExactly(new UserConfig("app", Secret.plaintext("from-env"), "app_rw",
                Secret.plaintext("backend-secret")));
        assertThat(config.pools()).isEqualTo(new PoolSettings(PoolMode.TRANSACTION, 50, 5, 5000,
                Duration.ofMillis(500), Duration.ofMinutes(5), Duration.ofHours(2), Duration.ofSeconds(3), Duration.ZERO));
        assertThat(config.clientTls()).contains(new ClientTlsConfig(tls.serverCert(), tls.serverKey()));
        assertThat(config.http()).contains(new HostPort("127.0.0.1", 9033));
        assertThat(config.clients()).isEqualTo(new ClientSettings(Duration.ofSeconds(30), 16 << 20, true));
        assertThat(config.threads()).isEqualTo(3);
        assertThat(config.forkSafety()).isEqualTo(ForkSafetyPolicy.LOG);
    }

    @Test
    void flagsAloneMakeAConfiguration() throws ConfigException {
        ProxyConfig config = new ConfigLoader(Map.of()).load(Optional.empty(),
                flags("--backend", "db:3306", "--user", "app:secret"));

        assertThat(config.backend().address()).isEqualTo(new HostPort("db", 3306));
        assertThat(config.user("app")).contains(UserConfig.sameOnBackend("app", Secret.plaintext("secret")));
        assertThat(config.listeners()).containsExactly(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP));
    }

    @Test
    void flagsWinOverTheFile() throws ConfigException {
        ProxyConfig config = files.load("""
                listeners:
                  - tcp: 127.0.0.1:7000
                  - unix: /tmp/file.sock
                backend:
                  host: from-file
                  port: 3307
                  tls: required
                auth: configured
                users:
                  - name: app
                    password: from-file
                    backend_user: app_rw
                    backend_password: other
                  - name: keep
                    password: kept
                pools:
                  mode: session
                  size: 10
                  max_client_connections: 100
                http: 127.0.0.1:9000
                threads: 2
                fork_safety: log
                """, flags("--listen", "127.0.0.2:8000", "--socket", "/tmp/flag.sock", "--backend", "from-flag",
                "--user", "app:from-flag", "--pool-mode", "statement", "--pool-size", "7", "--max-client-conn", "70",
                "--http", "127.0.0.1:9100", "--threads", "5", "--fork-safety", "off"));

        assertThat(config.listeners()).containsExactly(new ListenerConfig.Tcp(new HostPort("127.0.0.2", 8000)),
                new ListenerConfig.UnixSocket(Path.of("/tmp/flag.sock"), 0660));
        assertThat(config.backend()).isEqualTo(new BackendConfig(new HostPort("from-flag", 3306), TlsMode.REQUIRED,
                Optional.empty()));
        assertThat(config.users()).containsExactly(
                UserConfig.sameOnBackend("app", Secret.plaintext("from-flag")),
                UserConfig.sameOnBackend("keep", Secret.plaintext("kept")));
        assertThat(config.pools().mode()).isEqualTo(PoolMode.STATEMENT);
        assertThat(config.pools().size()).isEqualTo(7);
        assertThat(config.pools().maxClientConnections()).isEqualTo(70);
        assertThat(config.http()).contains(new HostPort("127.0.0.1", 9100));
        assertThat(config.threads()).isEqualTo(5);
        assertThat(config.forkSafety()).isEqualTo(ForkSafetyPolicy.OFF);
    }

    @Test
    void socketFlagKeepsTheDefaultTcpListener() throws ConfigException {
        ProxyConfig config = files.load(MINIMAL, flags("--socket", "/tmp/m.sock"));

        assertThat(config.listeners()).containsExactly(new ListenerConfig.Tcp(ListenerConfig.DEFAULT_TCP),
                new ListenerConfig.UnixSocket(Path.of("/tmp/m.sock"), 0660));
    }

    @Test
    void authFlagSwitchesToPassthroughWithoutUsers() throws ConfigException {
        ProxyConfig config = files.load("backend: {host: db}\n", flags("--auth", "passthrough"));

        assertThat(config.auth()).isEqualTo(AuthMode.PASSTHROUGH);
        assertThat(config.users()).isEmpty();
    }

    @Test
    void everyPoolModeLoadsSoTheCallerDecidesWhatRuns() throws ConfigException {
        for (PoolMode mode : PoolMode.values()) {
            assertThat(files.load(MINIMAL, flags("--pool-mode", mode.name().toLowerCase())).pools().mode())
                    .isEqualTo(mode);
        }
    }

    @Test
    void environmentReferenceIsResolvedAtLoad() throws ConfigException {
        ProxyConfig config = files.load("""
                backend: {host: db}
                users:
                  - name: app
                    password: ${APP_PASSWORD}
                """);

        assertThat(config.user("app").orElseThrow().secret().revealPlaintext()).isEqualTo("from-env");
    }

    @Test
    void environmentReferenceWorksInTheUserFlag() throws ConfigException {
        ProxyConfig config = files.load("backend: {host: db}\n", flags("--user", "app:${APP_PASSWORD}"));

        assertThat(config.user("app").orElseThrow().backendSecret()).isEqualTo(Secret.plaintext("from-env"));
    }

    @Test
    void missingOrEmptyEnvironmentVariableNamesTheKeyAndTheVariable() {
        assertThat(files.problems("""
                backend: {host: db}
                users:
                  - name: app
                    password: ${NOT_SET}
                  - name: other
                    password: ${EMPTY}
                  - name: third
                    password: ${not valid}
                """)).containsExactly(
                file + ": users[0].password: refers to environment variable NOT_SET, which is not set",
                file + ": users[1].password: refers to environment variable EMPTY, which is empty "
                        + "(write password: \"\" for an empty password)",
                file + ": users[2].password: not a valid environment reference (expected: ${NAME}, NAME made of "
                        + "letters, digits and _)");
    }

    @Test
    void hashedSecretNeedsABackendPassword() throws ConfigException {
        String hash = "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19";
        assertThat(files.problems("""
                backend: {host: db}
                users:
                  - name: reports
                    password_hash: "%s"
                """.formatted(hash))).containsExactly(file + ": users[0].backend_password: not set (expected: the "
                + "backend password, since a password_hash can check clients but cannot log in to the backend)");

        UserConfig user = files.load("""
                backend: {host: db}
                users:
                  - name: reports
                    password_hash: "%s"
                    backend_password: ${APP_PASSWORD}
                """.formatted(hash.toLowerCase())).user("reports").orElseThrow();
        assertThat(user.secret()).isEqualTo(Secret.nativePasswordHash(hash));
        assertThat(user.secret().canLogInToBackend()).isFalse();
        assertThat(user.backendUser()).isEqualTo("reports");
        assertThat(user.backendSecret().revealPlaintext()).isEqualTo("from-env");
    }

    @Test
    void malformedHashIsRefusedWithoutShowingIt() {
        List<String> problems = files.problems("""
                backend: {host: db}
                users:
                  - name: reports
                    password_hash: "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E1Z"
                    backend_password: x
                """);

        assertThat(problems).containsExactly(file + ": users[0].password_hash: not a mysql_native_password hash "
                + "(expected: '*' and 40 hex digits, as in mysql.user)");
    }

    @Test
    void userNeedsExactlyOneSecretAndANameOnce() {
        assertThat(files.problems("""
                backend: {host: db}
                users:
                  - name: a
                  - name: b
                    password: x
                    password_hash: "*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19"
                  - password: x
                  - name: c
                    password: x
                  - name: c
                    password: y
                  - name: ""
                    password: x
                """)).containsExactly(
                file + ": users[0]: no password (expected: password: or password_hash:)",
                file + ": users[1]: both password and password_hash (expected: one of them)",
                file + ": users[2].name: not set (expected: a user name)",
                file + ": users[4].name: c appears twice (expected: unique names)",
                file + ": users[5].name: \"\" (expected: a user name)");
    }

    @Test
    void configuredAuthNeedsUsersAndPassthroughTakesNone() {
        assertThat(files.problems("backend: {host: db}\n")).containsExactly(file + ": users: none configured "
                + "(expected: at least one user, under users: in the file or as --user NAME:PASSWORD, or auth: "
                + "passthrough)");
        assertThat(files.problems(MINIMAL + "auth: passthrough\n")).containsExactly(file + ": users: not used with "
                + "auth passthrough, where no password is stored (expected: no users; remove them, or use auth: "
                + "configured)");
    }

    @Test
    void passthroughKeepsNoIdleConnectionsWarm() {
        assertThat(files.problems("backend: {host: db}\nauth: passthrough\npools: {min_idle: 2}\n"))
                .containsExactly(file + ": pools.min_idle: 2 (expected: 0 with auth passthrough, which knows a user's"
                        + " password only while a client of that user is logged in, so it cannot keep idle connections"
                        + " warm)");
    }

    @Test
    void adminUsersAndShutdownTimeoutAreRead() throws ConfigException {
        ProxyConfig config = files.load(MINIMAL + """
                  - name: ops
                    password: ops-password
                admin_users: [ops, app]
                shutdown_timeout: 5s
                """);

        assertThat(config.admin().users()).containsExactly("ops", "app");
        assertThat(config.admin().shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(files.load(MINIMAL + "shutdown_timeout: 0\n").admin().shutdownTimeout()).isZero();
    }

    @Test
    void adminUserFlagsReplaceTheFilesList() throws ConfigException {
        ProxyConfig config = files.load(MINIMAL + "admin_users: [app]\n",
                flags("--user", "ops:ops-password", "--admin-user", "ops"));

        assertThat(config.admin().users()).containsExactly("ops");
    }

    @Test
    void anAdminMustBeAConfiguredUserOnce() {
        assertThat(files.problems(MINIMAL + """
                admin_users:
                  - app
                  - root
                  - app
                  - [nested]
                shutdown_timeout: soon
                """)).containsExactlyInAnyOrder(
                file + ": admin_users[1]: root is not a configured user (expected: one of app; an admin logs in"
                        + " with its password)",
                file + ": admin_users[2]: app appears twice (expected: each admin once)",
                file + ": admin_users[3]: expected a single value, found a list",
                file + ": shutdown_timeout: soon (expected: a duration such as 500ms, 10s, 5m or 1h, or 0)");
        assertThat(files.problems(MINIMAL + "admin_users: app\n"))
                .containsExactly(file + ": admin_users: expected a list (entries starting with '- ', or [a, b]),"
                        + " found a single value");
        assertThat(files.problems(MINIMAL, flags("--admin-user", "root")))
                .containsExactly("command line: --admin-user root: root is not a configured user (expected: one of"
                        + " app; an admin logs in with its password)");
    }

    @Test
    void passthroughTakesAnyAdminName() throws ConfigException {
        ProxyConfig config = files.load("""
                backend:
                  host: db.internal
                auth: passthrough
                admin_users: [dba]
                """);

        assertThat(config.admin().users()).containsExactly("dba");
    }

    @Test
    void withoutABackendTheMessageSaysHowToNameOne() {
        List<ConfigProblem> problems = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Optional.empty(), flags("--user", "a:b"))).problems();

        assertThat(problems).containsExactly(new ConfigProblem("command line", "backend",
                "not set (expected: --backend HOST:PORT, or backend: with host: in a --config file)"));
        assertThat(files.problems("backend: {port: 3306}\nusers: [{name: a, password: b}]\n")).containsExactly(
                file + ": backend.host: not set (expected: the server's host name or IP address, or --backend "
                        + "HOST:PORT)");
    }

    @Test
    void unknownKeysAreRefusedWithASuggestion() {
        assertThat(files.problems(MINIMAL + """
                pools:
                  sise: 10
                  frobnicate: 1
                listener:
                  - tcp: 1.2.3.4:5
                """)).containsExactly(
                file + ": listener: unknown key (did you mean listeners?)",
                file + ": pools.sise: unknown key (did you mean size?)",
                file + ": pools.frobnicate: unknown key (expected one of: mode, size, min_idle, max_client_connections,"
                        + " acquire_timeout, idle_timeout, max_lifetime, connect_timeout, validation_interval,"
                        + " statement_cache_size)");
    }

    @Test
    void badPoolValuesNameKeyValueAndRange() {
        assertThat(files.problems(MINIMAL + """
                pools:
                  mode: sesion
                  size: 0
                  max_client_connections: -1
                  acquire_timeout: 10
                  idle_timeout: 0
                  max_lifetime: 1y
                  connect_timeout: 5 s
                  validation_interval: -1s
                """)).containsExactly(
                file + ": pools.mode: sesion (expected: session, transaction or statement)",
                file + ": pools.size: 0 (expected: an integer 1..100000)",
                file + ": pools.max_client_connections: -1 (expected: an integer of at least 1)",
                file + ": pools.acquire_timeout: 10 (expected: a duration such as 500ms, 10s, 5m or 1h, above 0)",
                file + ": pools.idle_timeout: 0 (expected: a duration such as 500ms, 10s, 5m or 1h, above 0)",
                file + ": pools.max_lifetime: 1y (expected: a duration such as 500ms, 10s, 5m or 1h, above 0)",
                file + ": pools.connect_timeout: \"5 s\" (expected: a duration such as 500ms, 10s, 5m or 1h, above 0)",
                file + ": pools.validation_interval: -1s (expected: a duration such as 500ms, 10s, 5m or 1h, or 0)");
    }

    @Test
    void minIdleMustFitInThePool() {
        assertThat(files.problems(MINIMAL + "pools: {size: 5, min_idle: 6}\n"))
                .containsExactly(file + ": pools.min_idle: 6 (expected: at most the pool size, 5)");
        assertThat(files.problems(MINIMAL + "pools: {min_idle: 6}\n", flags("--pool-size", "4")))
                .containsExactly(file + ": pools.min_idle: 6 (expected: at most the pool size, 4)");
    }

    @Test
    void badListenersAreRefused() {
        String longPath = "/tmp/" + "x".repeat(110);
        assertThat(files.problems(MINIMAL + """
                listeners:
                  - tcp: 127.0.0.1:0
                  - tcp: 127.0.0.1:65536
                  - tcp: ::1:6033
                  - unix: /tmp/a.sock
                    mode: "0999"
                  - tcp: 127.0.0.1:6033
                    unix: /tmp/b.sock
                  - mode: "0600"
                  - tcp: 127.0.0.1:7000
                    mode: "0600"
                  - unix: %s
                  - tcp: 127.0.0.1:7001
                  - tcp: 127.0.0.1:7001
                """.formatted(longPath))).containsExactly(
                file + ": listeners[0].tcp: 127.0.0.1:0 (expected: a port 1..65535)",
                file + ": listeners[1].tcp: 127.0.0.1:65536 (expected: a port 1..65535)",
                file + ": listeners[2].tcp: ::1:6033 (expected: HOST:PORT; write an IPv6 address in brackets, "
                        + "e.g. [::1]:6033)",
                file + ": listeners[3].mode: 0999 (expected: octal permission bits such as 0660 or 0600)",
                file + ": listeners[4]: both tcp and unix (expected: one per entry, - tcp: HOST:PORT or - unix: PATH)",
                file + ": listeners[5]: neither tcp nor unix (expected: one per entry, - tcp: HOST:PORT or - unix: "
                        + "PATH)",
                file + ": listeners[6].mode: only used with unix (expected: no mode for a tcp listener)",
                file + ": listeners[7].unix: " + longPath.substring(0, 60) + "... (expected: a socket path of at "
                        + "most 107 bytes, the kernel's limit)",
                file + ": listeners[9]: tcp 127.0.0.1:7001 appears twice (expected: each address once)");
    }

    @Test
    void emptyListenerListIsRefused() {
        assertThat(files.problems(MINIMAL + "listeners: []\n")).containsExactly(file + ": listeners: empty "
                + "(expected: at least one listener, - tcp: HOST:PORT or - unix: PATH)");
    }

    @Test
    void unquotedOctalModeIsReadAsWritten() throws ConfigException {
        ProxyConfig config = files.load(MINIMAL + "listeners:\n  - unix: /tmp/m.sock\n    mode: 0640\n");

        assertThat(config.listeners()).containsExactly(new ListenerConfig.UnixSocket(Path.of("/tmp/m.sock"), 0640));
    }

    @Test
    void backendTlsAndCaMustAgreeAndFilesMustExist() throws IOException {
        Path notACertificate = files.write("not-a-cert.pem", "hello\n");
        assertThat(files.problems("""
                backend:
                  host: db
                  tls: verify_ca
                users: [{name: a, password: b}]
                """)).containsExactly(file + ": backend.tls: verify_ca (expected: backend.ca, the CA certificate "
                + "that signed the server's, or another tls mode)");
        assertThat(files.problems("""
                backend:
                  host: db
                  tls: required
                  ca: %s
                users: [{name: a, password: b}]
                """.formatted(TlsFiles.generate(directory).caCert()))).containsExactly(file + ": backend.ca: only "
                + "used with tls: verify_ca (expected: tls: verify_ca, or no ca)");
        assertThat(files.problems("""
                backend:
                  host: db
                  port: 99999
                  tls: maybe
                  ca: /nonexistent/ca.pem
                users: [{name: a, password: b}]
                """)).containsExactly(
                file + ": backend.port: 99999 (expected: an integer 1..65535)",
                file + ": backend.tls: maybe (expected: disabled, preferred, required or verify_ca)",
                file + ": backend.ca: /nonexistent/ca.pem (expected: an existing file; it does not exist)");
        assertThat(files.problems("""
                backend:
                  host: db
                  tls: verify_ca
                  ca: %s
                users: [{name: a, password: b}]
                """.formatted(notACertificate))).singleElement().asString()
                .startsWith(file + ": backend.ca: " + notACertificate + " (expected: a PEM CA certificate");
    }

    @Test
    void clientTlsNeedsBothFilesAndAUsableIdentity() throws IOException {
        TlsFiles tls = TlsFiles.generate(directory);
        assertThat(files.problems(MINIMAL + "client_tls:\n  certificate: " + tls.serverCert() + "\n"))
                .containsExactly(file + ": client_tls.key: not set (expected: a PEM file; leave out client_tls "
                        + "entirely for a self-signed certificate generated at start)");
        assertThat(files.problems(MINIMAL + "client_tls:\n  certificate: " + tls.serverCert() + "\n  key: "
                + tls.serverCert() + "\n")).singleElement().asString().startsWith(file + ": client_tls: certificate "
                + "and key do not make a usable TLS identity (expected: a PEM certificate and its PEM PKCS#8 private "
                + "key): ");
    }

    @Test
    void badClientSettingsAndHttpAreRefused() {
        assertThat(files.problems(MINIMAL + """
                http: localhost
                clients:
                  login_timeout: soon
                  max_packet_size: 2G
                  local_infile: yes
                threads: 0
                fork_safety: maybe
                """)).containsExactly(
                file + ": http: localhost (expected: HOST:PORT, the port included)",
                file + ": clients.login_timeout: soon (expected: a duration such as 500ms, 10s, 5m or 1h, above 0)",
                file + ": clients.max_packet_size: 2G (expected: a size such as 16777216, 1024K, 64M or 1G, from 1K "
                        + "to 1G)",
                file + ": clients.local_infile: yes (expected: true or false)",
                file + ": threads: 0 (expected: an integer 1..1024)",
                file + ": fork_safety: maybe (expected: reject, log or off)");
    }

    @Test
    void wrongShapesAreRefused() {
        assertThat(files.problems(MINIMAL + """
                pools: 20
                clients:
                  - login_timeout: 1s
                http:
                  host: x
                """)).containsExactly(
                file + ": pools: expected a mapping of keys to values, found a single value",
                file + ": http: expected a single value, found a mapping with keys host",
                file + ": clients: expected a mapping of keys to values, found a list");
    }

    @Test
    void badFlagsAreReportedAsCommandLine() {
        assertThat(files.problems(MINIMAL, flags("--listen", "nowhere:x", "--backend", "[::1", "--pool-mode", "fast",
                "--pool-size", "0", "--max-client-conn", "0", "--auth", "trust", "--user", "no-colon",
                "--user", "x:${NOT_SET}"))).containsExactly(
                "command line: --listen: nowhere:x (expected: HOST:PORT with a port 1..65535)",
                "command line: --backend: [::1 (expected: HOST:PORT, with an IPv6 address in brackets, e.g. "
                        + "[::1]:6033)",
                "command line: --auth: trust (expected: configured or passthrough)",
                "command line: --user: not NAME:PASSWORD (expected: a user name, a colon, then the password or "
                        + "${ENV}; the value is not shown since it may hold a password)",
                "command line: --user x: refers to environment variable NOT_SET, which is not set",
                "command line: --pool-mode: fast (expected: session, transaction or statement)",
                "command line: --pool-size: 0 (expected: an integer 1..100000)",
                "command line: --max-client-conn: 0 (expected: an integer of at least 1)");
    }

    @Test
    void aFileValueIsValidatedEvenWhenAFlagOverridesIt() {
        assertThat(files.problems(MINIMAL + "pools: {size: many}\n", flags("--pool-size", "5")))
                .containsExactly(file + ": pools.size: many (expected: an integer 1..100000)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        List<String> problems = files.problems("""
                listeners: [{tcp: "127.0.0.1:0"}]
                backend: {host: db, port: x}
                users: [{name: a}]
                pools: {size: 0, acquire_timeout: never}
                clients: {local_infile: maybe}
                """);

        assertThat(problems).hasSize(6).allMatch(problem -> problem.startsWith(file + ": "));
    }

    @Test
    void yamlSyntaxErrorsGiveTheLineWithoutItsText() {
        List<String> problems = files.problems("backend: {host: db}\nusers:\n  - name: a\n    password: \"s3cret\n");

        assertThat(problems).singleElement().asString().startsWith(file + ": line ").contains("not valid YAML")
                .doesNotContain("s3cret");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThat(files.problems(MINIMAL + "pools:\n  size: 5\n  size: 6\n")).singleElement().asString()
                .startsWith(file + ": line 8, column ").contains("found duplicate key size");
    }

    @Test
    void arbitraryTypesAreNeverConstructed() {
        assertThat(files.problems("backend: !!javax.script.ScriptEngineManager [x]\n")).singleElement().asString()
                .contains("not valid YAML");
    }

    @Test
    void unreadableOrNonMappingFilesAreRefused() {
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(Optional.of(directory.resolve("missing.yaml")),
                        ConfigOverrides.none())).problems())
                .containsExactly(new ConfigProblem(directory.resolve("missing.yaml").toString(), "(file)",
                        "cannot read: no such file"));
        assertThat(files.problems("- just\n- a list\n")).containsExactly(file + ": (file): expected a mapping of "
                + "keys to values at the top (listeners:, backend:, ...)");
    }

    @Test
    void secretsNeverAppearInProblemsOrText() throws ConfigException {
        String yaml = """
                backend: {host: db, port: 0}
                users:
                  - name: app
                    password: TOPSECRET-1
                    backend_password: [TOPSECRET-2]
                  - name: h
                    password_hash: "*TOPSECRET-3"
                    backend_password: ${TOPSECRET_4}
                pools: {size: 0}
                """;
        ConfigException failure = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> files.load(yaml, flags("--user", "TOPSECRET-5", "--user", "x:${TOPSECRET-6}")));

        assertThat(failure.getMessage()).doesNotContain("TOPSECRET-").contains("users[0].backend_password")
                .contains("users[1].password_hash").contains("TOPSECRET_4");
        assertThat(failure.problems()).hasSize(7);

        ProxyConfig config = files.load(MINIMAL.replace("app-password", "TOPSECRET-7"),
                flags("--user", "other:TOPSECRET-8"));
        assertThat(config.toString()).doesNotContain("TOPSECRET").contains("***");
        assertThat(flags("--user", "a:TOPSECRET-9", "--user", "TOPSECRET-10").toString()).doesNotContain("TOPSECRET");
    }
}
