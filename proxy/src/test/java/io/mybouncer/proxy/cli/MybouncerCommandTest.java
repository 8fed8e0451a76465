package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MybouncerCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new MybouncerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void versionNamesTheBuildAndTheRuntime() {
        assertThat(run("version")).isZero();
        assertThat(out.toString()).containsPattern("mybouncer \\d+\\.\\d+\\.\\d+").contains("Java " + Runtime.version());
    }

    @Test
    void withoutSubcommandPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("Usage: mybouncer").contains("demo").contains("version");
    }

    @Test
    void helpShowsExamples() {
        assertThat(run("demo", "--help")).isZero();
        assertThat(out.toString()).contains("Examples:").contains("mybouncer demo --exit");
    }

    @Test
    void anUnknownLogFormatOrLevelIsAUsageErrorNamingTheChoices() {
        assertThat(run("run", "--log-format", "xml", "--backend", "db:3306", "--user", "a:b")).isEqualTo(2);
        assertThat(err.toString()).contains("--log-format: xml (expected: kv or json)");
        assertThat(run("run", "--log-level", "loud", "--backend", "db:3306", "--user", "a:b")).isEqualTo(2);
        assertThat(err.toString()).contains("--log-level: loud (expected: error, warn, info or debug)");
    }

    @Test
    void unknownSubcommandIsAnErrorThatSaysSo() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unmatched argument").contains("frobnicate");
    }
}
