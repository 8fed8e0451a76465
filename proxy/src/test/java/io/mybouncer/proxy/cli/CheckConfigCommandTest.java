package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckConfigCommandTest {
    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new MybouncerCommand(), new TestEnvironmentFactory())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    /** Builds check-config with an environment of the test's own, everything else as picocli does. */
    private static final class TestEnvironmentFactory implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            return type == CheckConfigCommand.class
                    ? type.cast(new CheckConfigCommand(Map.of("APP_PASSWORD", "env-secret")))
                    : CommandLine.defaultFactory().create(type);
        }
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(directory.resolve("mybouncer.yaml"), yaml);
    }

    @Test
    void validFilePrintsASummaryWithUserNamesOnlyAndExitsZero() throws IOException {
        Path config = file("""
                listeners:
                  - tcp: 127.0.0.1:6033
                  - unix: /tmp/mybouncer-test.sock
                backend: {host: db.internal, tls: required}
                users:
                  - name: app
                    password: ${APP_PASSWORD}
                  - name: reports
                    password: file-secret
                    backend_user: reports_ro
                pools: {size: 8, acquire_timeout: 1500ms}
                """);

        assertThat(run("check-config", "--config", config.toString())).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(out.toString())
                .contains("configuration OK (" + config + ")")
                .contains("listeners   tcp 127.0.0.1:6033, unix /tmp/mybouncer-test.sock (mode 0660)")
                .contains("backend     db.internal:3306, tls required")
                .contains("auth        configured, users app, reports (backend user reports_ro)")
                .contains("pools       session mode, size 8, min idle 0, max client connections 1000")
                .contains("acquire timeout 1500ms, idle timeout 10m, max lifetime 1h")
                .contains("client tls  self-signed certificate generated at start")
                .contains("http        off")
                .contains("clients     login timeout 10s, max packet size 64M, local infile off")
                .doesNotContain("env-secret").doesNotContain("file-secret");
    }

    @Test
    void flagsOverrideTheFileInTheSummary() throws IOException {
        Path config = file("backend: {host: db}\nusers: [{name: app, password: x}]\n");

        assertThat(run("check-config", "--config", config.toString(), "--pool-size", "3", "--backend", "other:3307",
                "--pool-mode", "transaction", "--http", "127.0.0.1:9033")).isZero();
        assertThat(out.toString()).contains("backend     other:3307").contains("transaction mode, size 3")
                .contains("http        127.0.0.1:9033");
    }

    @Test
    void flagsAloneAreEnough() {
        assertThat(run("check-config", "--backend", "db", "--user", "app:flag-secret")).isZero();
        assertThat(out.toString()).contains("configuration OK (flags and defaults)").contains("users app")
                .doesNotContain("flag-secret");
    }

    @Test
    void invalidConfigurationListsEveryProblemAndExitsOne() throws IOException {
        Path config = file("""
                backend: {host: db, port: 0}
                users: [{name: app, password: file-secret, backend_password: "${MISSING}"}]
                pools: {size: 0, sise: 3}
                """);

        assertThat(run("check-config", "--config", config.toString(), "--user", "bad-flag-secret")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString())
                .contains(config + ": backend.port: 0 (expected: an integer 1..65535)")
                .contains(config + ": users[0].backend_password: refers to environment variable MISSING, which is "
                        + "not set")
                .contains(config + ": pools.sise: unknown key (did you mean size?)")
                .contains(config + ": pools.size: 0 (expected: an integer 1..100000)")
                .contains("command line: --user: not NAME:PASSWORD")
                .contains("configuration invalid (" + config + "): 5 problems")
                .doesNotContain("file-secret").doesNotContain("bad-flag-secret");
    }

    @Test
    void noBackendSaysHowToNameOne() {
        assertThat(run("check-config", "--user", "a:b")).isEqualTo(1);
        assertThat(err.toString()).contains("command line: backend: not set (expected: --backend HOST:PORT, or "
                + "backend: with host: in a --config file)").contains("1 problem");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("check-config", "--pool-size", "many")).isEqualTo(2);
        assertThat(err.toString()).contains("--pool-size").contains("many");
        assertThat(run("check-config", "--no-such-flag")).isEqualTo(2);
    }

    @Test
    void helpShowsTheFlagsAndExamplesWithoutExpandingReferences() {
        assertThat(run("check-config", "--help")).isZero();
        assertThat(out.toString()).contains("--config=FILE").contains("--listen=HOST:PORT").contains("--socket=PATH")
                .contains("--backend=HOST:PORT").contains("--user=NAME:PASSWORD").contains("--pool-mode=MODE")
                .contains("--pool-size=N").contains("--max-client-conn=N").contains("--http=HOST:PORT")
                .contains("--auth=MODE").contains("Examples:")
                .contains("mybouncer check-config --backend db.internal:3306 --user 'app:${APP_PASSWORD}'")
                .contains("'${ENV}'");
    }

    @Test
    void isRegisteredAsASubcommand() {
        assertThat(new CommandLine(new MybouncerCommand()).getSubcommands()).containsKey("check-config");
    }
}
