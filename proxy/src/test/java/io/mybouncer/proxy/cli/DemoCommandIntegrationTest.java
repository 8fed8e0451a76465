package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's run command, in process: a throwaway MariaDB and the client over TCP, TLS and the socket. */
class DemoCommandIntegrationTest {
    @Test
    void demoTalksToAThrowawayServerThreeWays() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new MybouncerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("demo");
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains("TCP: logged in")
                .containsPattern("TLS: logged in .* over TLS")
                .contains("Unix socket: logged in")
                .contains("-> 42, id-seven");
    }
}
