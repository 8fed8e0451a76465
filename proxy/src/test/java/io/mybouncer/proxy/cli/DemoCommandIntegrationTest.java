package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The README's run command, in process: a throwaway MariaDB behind mybouncer, used over TCP, TLS and the socket. */
class DemoCommandIntegrationTest {
    @Test
    void demoTalksThroughTheProxyThreeWays() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new MybouncerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("demo", "--exit");
        assertThat(exit).as("stderr: %s", err).isZero();
        assertThat(out.toString())
                .contains("mybouncer on 127.0.0.1:")
                .contains("TCP: logged in to mybouncer")
                .containsPattern("TLS: logged in .* over TLS")
                .contains("Unix socket: logged in")
                .contains("[10.11", "demo, 3]")
                .contains("-> 42, id-seven");
    }
}
