package io.mybouncer.proxy.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code mariadb} command-line client, run as a process with a bounded wait. */
final class MariaDbCli {
    private static final Path CLI = Path.of("/usr/bin/mariadb");
    private static final long TIMEOUT_SECONDS = 30;

    /** What the client printed (stdout and stderr together) and its exit status. */
    record Result(int exitCode, String output) {
        /**
         * A result set as {@code --batch} prints it, one map per row from column name to value
         * ({@code NULL} for SQL NULL): tab-separated lines, the first naming the columns.
         */
        List<Map<String, String>> rows() {
            List<String> lines = output.lines().toList();
            if (lines.isEmpty()) {
                return List.of();
            }
            String[] names = lines.get(0).split("\t", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] values = line.split("\t", -1);
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < names.length; i++) {
                    row.put(names[i], i < values.length ? values[i] : null);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private MariaDbCli() {
    }

    /**
     * Runs {@code mariadb --no-defaults --batch ARGUMENTS…}, skipping the test where the client is
     * not installed. The caller names the transport ({@code -h/-P} or {@code --socket}).
     */
    static Result run(List<String> arguments) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(CLI), "the mariadb command-line client is not installed");
        List<String> command = new ArrayList<>(List.of(CLI.toString(), "--no-defaults", "--batch",
                "--connect-timeout=10"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Nothing is written to its stdin: it runs the statements given with -e.
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mariadb did not exit within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** {@code sql} run on the admin console by the admin of {@link ConsoleConfigFile}, over TCP. */
    static Result console(RunningProxy proxy, String sql) throws IOException, InterruptedException {
        return tcp(proxy, ConsoleConfigFile.ADMIN, ConsoleConfigFile.ADMIN_PASSWORD, sql, "mybouncer");
    }

    /** Over TCP to the proxy, as the test user, with {@code extra} options before {@code -e sql}. */
    static Result tcp(RunningProxy proxy, String user, String password, String sql, String... extra)
            throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("-h" + RunningProxy.HOST, "-P" + proxy.port(),
                "-u" + user, "-p" + password));
        arguments.addAll(List.of(extra));
        arguments.addAll(List.of("-e", sql));
        return run(arguments);
    }
}
