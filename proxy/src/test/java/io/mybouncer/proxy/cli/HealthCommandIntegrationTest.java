package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.ProxyServer;
import io.mybouncer.proxy.config.ConfigLoader;
import io.mybouncer.proxy.config.ConfigOverrides;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * {@code mybouncer health}, the container health check, against a real proxy serving HTTP in front of
 * the test MariaDB, and against one whose backend cannot be reached.
 */
@ExtendWith(TestBackendExtension.class)
class HealthCommandIntegrationTest {
    private static final String HOST = "127.0.0.1";

    private static ProxyServer proxy;
    private static String base;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void startProxy(TestBackend backend) throws Exception {
        int httpPort = freePort();
        proxy = start(backend.host() + ":" + backend.port(), backend.user() + ":" + backend.password(), httpPort);
        proxy.whenReady().get(30, TimeUnit.SECONDS);
        base = "http://" + HOST + ":" + httpPort;
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static ProxyServer start(String backend, String user, int httpPort) throws Exception {
        ConfigOverrides flags = new ConfigOverrides(Optional.of(HOST + ":" + freePort()), Optional.empty(),
                Optional.of(backend), List.of(user), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(HOST + ":" + httpPort), Optional.empty(), Optional.of(1), Optional.empty());
        ProxyServer server = new ProxyServer(new ConfigLoader(Map.of()).load(Optional.empty(), flags));
        try {
            server.start();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A port nobody listens on now (the proxy cannot be asked for port 0). */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return probe.getLocalPort();
        }
    }

    private int health(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "health";
        System.arraycopy(args, 0, command, 1, args.length);
        return new CommandLine(new MybouncerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(command);
    }

    @Test
    void aReadyProxyIsHealthy() {
        assertThat(health("--url", base + "/health/ready")).as("stderr: %s", err).isZero();
        assertThat(out.toString()).isEqualTo("ready\n");
    }

    @Test
    void livenessCanBeAskedInstead() {
        assertThat(health("--url", base + "/health/live")).as("stderr: %s", err).isZero();
        assertThat(out.toString()).isEqualTo("live\n");
    }

    @Test
    void anyOtherStatusIsUnhealthyAndTheAnswerIsPrinted() {
        assertThat(health("--url", base + "/nowhere")).isEqualTo(1);
        assertThat(err.toString()).contains("unhealthy: HTTP 404 from " + base + "/nowhere").contains("not found");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aProxyThatCannotReachItsBackendIsUnhealthyWithTheReason() throws Exception {
        int httpPort = freePort();
        try (ProxyServer unreachable = start(HOST + ":" + freePort(), "app:secret", httpPort)) {
            assertThat(health("--url", "http://" + HOST + ":" + httpPort + "/health/ready")).isEqualTo(1);
        }
        assertThat(err.toString()).contains("HTTP 503")
                .contains("not ready: the backend's greeting has not been read yet");
    }

    @Test
    void noAnswerIsUnhealthy() throws Exception {
        String nobody = "http://" + HOST + ":" + freePort() + "/health/ready";
        assertThat(health("--url", nobody)).isEqualTo(1);
        assertThat(err.toString()).contains("unhealthy: no answer from " + nobody);
    }

    @Test
    void theDefaultUrlIsTheReadinessPathOnTheDefaultPort() {
        assertThat(HealthCommand.DEFAULT_URL).isEqualTo("http://127.0.0.1:9033/health/ready");
        assertThat(new CommandLine(new MybouncerCommand()).getSubcommands().get("health").getUsageMessage())
                .contains(HealthCommand.DEFAULT_URL);
    }

    @Test
    void aUrlThatIsNotHttpIsAUsageError() {
        assertThat(health("--url", "ftp://" + HOST + "/health/ready")).isEqualTo(2);
        assertThat(err.toString()).contains("--url: ftp://" + HOST + "/health/ready (expected: an http:// URL");
    }
}
