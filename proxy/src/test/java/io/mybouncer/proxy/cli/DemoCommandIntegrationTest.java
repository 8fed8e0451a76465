package io.mybouncer.proxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The README's run command, in process: a throwaway MariaDB behind mybouncer, the prefork server's
 * seed experiment in three configurations (its workers are JVMs started from this JVM's classpath),
 * then a client using the proxy over TCP, TLS and the socket.
 */
class DemoCommandIntegrationTest {
    private static final long REQUESTS = 1050;

    /** One row of the experiment's table. */
    private record Row(long correct, long wrong, long empty, long failed, int connections) {
        static Row of(String output, String label) {
            Matcher row = Pattern.compile("^" + Pattern.quote(label) + " +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+)$",
                    Pattern.MULTILINE).matcher(output);
            assertThat(row.find()).as("a table row for '%s' in%n%s", label, output).isTrue();
            return new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)), Long.parseLong(row.group(3)),
                    Long.parseLong(row.group(4)), Integer.parseInt(row.group(5)));
        }
    }

    @Test
    void demoShowsTheForkHazardAndTheFixThenTalksThroughTheProxyThreeWays() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new MybouncerCommand())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute("demo", "--exit");
        String output = out.toString();
        System.out.println(output);
        assertThat(exit).as("stderr: %s", err).isZero();

        Row inheritedDirect = Row.of(output, DemoCommand.INHERITED_DIRECT);
        assertThat(inheritedDirect.correct() + inheritedDirect.wrong() + inheritedDirect.empty()
                + inheritedDirect.failed()).isEqualTo(REQUESTS);
        assertThat(inheritedDirect.wrong() + inheritedDirect.failed()).as("the hazard, directly").isPositive();

        Row perWorker = Row.of(output, DemoCommand.PER_WORKER_THROUGH_PROXY);
        assertThat(perWorker).isEqualTo(new Row(REQUESTS, 0, 0, 0, perWorker.connections()));
        assertThat(perWorker.connections()).isBetween(ForkExperiment.WORKERS, DemoCommand.POOL_SIZE);

        // Wrong answers through mybouncer are possible only before it sees the sharing (README, "Fork safety"),
        // and the demo must say so when they happen.
        Row inheritedThroughProxy = Row.of(output, DemoCommand.INHERITED_THROUGH_PROXY);
        assertThat(inheritedThroughProxy.failed()).isPositive();
        assertThat(output).contains("Why requests failed, " + DemoCommand.INHERITED_THROUGH_PROXY + ":")
                .containsPattern("ERROR 1184 \\(08S01\\): mybouncer stopped this connection: it is used by more than"
                        + " one process \\(processes \\d+, \\d+, \\d+\\)");
        assertThat(output.contains("still reached the wrong worker")).isEqualTo(inheritedThroughProxy.wrong() > 0);

        assertThat(output)
                .contains("mybouncer on 127.0.0.1:")
                .contains("TCP: logged in to mybouncer")
                .containsPattern("TLS: logged in .* over TLS")
                .contains("Unix socket: logged in")
                .contains("[10.11", "demo, 1000]")
                .contains("-> 42, id-seven");
    }
}
