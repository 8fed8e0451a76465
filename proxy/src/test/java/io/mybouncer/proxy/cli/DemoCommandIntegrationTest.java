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

    /** One row of the experiment's table; {@code hazardErrors} is -1 where the table shows none ("-"). */
    private record Row(long correct, long wrong, long empty, long failed, int connections, long hazardErrors) {
        static Row of(String output, String label) {
            Matcher row = Pattern.compile("^" + Pattern.quote(label)
                    + " +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+|-)$", Pattern.MULTILINE).matcher(output);
            assertThat(row.find()).as("a table row for '%s' in%n%s", label, output).isTrue();
            return new Row(Long.parseLong(row.group(1)), Long.parseLong(row.group(2)), Long.parseLong(row.group(3)),
                    Long.parseLong(row.group(4)), Integer.parseInt(row.group(5)),
                    row.group(6).equals("-") ? -1 : Long.parseLong(row.group(6)));
        }

        long requests() {
            return correct + wrong + empty + failed;
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
        assertThat(inheritedDirect.requests()).isEqualTo(REQUESTS);
        assertThat(inheritedDirect.wrong() + inheritedDirect.failed()).as("the hazard, directly").isPositive();
        assertThat(inheritedDirect.hazardErrors()).as("not through mybouncer").isEqualTo(-1);

        Row perWorker = Row.of(output, DemoCommand.PER_WORKER_THROUGH_PROXY);
        assertThat(perWorker).isEqualTo(new Row(REQUESTS, 0, 0, 0, perWorker.connections(), 0));
        assertThat(perWorker.connections()).isBetween(ForkExperiment.WORKERS, DemoCommand.POOL_SIZE);

        // mybouncer sees the sharing only when a command arrives while another's answer is owed, which
        // most runs bring about and some do not; answers written before it can reach the wrong worker
        // (README, "Fork safety"). The demo must say which happened.
        Row inheritedThroughProxy = Row.of(output, DemoCommand.INHERITED_THROUGH_PROXY);
        assertThat(inheritedThroughProxy.requests()).isEqualTo(REQUESTS);
        assertThat(inheritedThroughProxy.failed()).isPositive();
        boolean stopped = inheritedThroughProxy.hazardErrors() > 0;
        assertThat(output.contains("mybouncer did not see the sharing")).isEqualTo(!stopped);
        assertThat(output.contains("mybouncer stopped the")).isEqualTo(stopped);
        assertThat(output.contains("still reached the wrong worker"))
                .isEqualTo(stopped && inheritedThroughProxy.wrong() > 0);
        if (stopped) {
            assertThat(output).contains("Why requests failed, " + DemoCommand.INHERITED_THROUGH_PROXY + ":")
                    .contains("ERROR 1184 (08S01): mybouncer stopped this connection");
        }

        assertThat(output)
                .contains("mybouncer on 127.0.0.1:")
                .contains("TCP: logged in to mybouncer")
                .containsPattern("TLS: logged in .* over TLS")
                .contains("Unix socket: logged in")
                .contains("[10.11", "demo, 1000]")
                .contains("-> 42, id-seven");
    }
}
