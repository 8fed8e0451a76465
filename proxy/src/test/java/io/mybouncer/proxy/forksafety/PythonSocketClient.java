package io.mybouncer.proxy.forksafety;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client in another process: {@code python3} connects to the test's listener, optionally forks so
 * that two processes hold the same socket (a preloaded application after {@code fork()}), prints
 * its process ids when ready, and holds the socket until its stdin is closed.
 */
final class PythonSocketClient implements AutoCloseable {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long TIMEOUT_SECONDS = 20;
    /** argv: unix PATH | tcp HOST PORT | tcp6 HOST PORT, then fork or no-fork. */
    private static final String SCRIPT = String.join("\n",
            "import os, socket, sys",
            "kind, rest = sys.argv[1], sys.argv[2:]",
            "if kind == 'unix':",
            "    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)",
            "    s.connect(rest[0])",
            "else:",
            "    s = socket.socket(socket.AF_INET6 if kind == 'tcp6' else socket.AF_INET, socket.SOCK_STREAM)",
            "    s.connect((rest[0], int(rest[1])))",
            "pids = [os.getpid()]",
            "if rest[-1] == 'fork':",
            "    child = os.fork()",
            "    if child == 0:",
            "        sys.stdin.read()",
            "        os._exit(0)",
            "    pids.append(child)",
            "print('ready', *pids, flush=True)",
            "sys.stdin.read()",
            "if len(pids) > 1:",
            "    os.waitpid(pids[1], 0)");

    private final Process process;
    private final List<Long> pids;

    private PythonSocketClient(Process process, List<Long> pids) {
        this.process = process;
        this.pids = pids;
    }

    /** Connects to a Unix socket; with {@code fork}, two processes hold the connection. */
    static PythonSocketClient unix(Path socket, boolean fork) throws Exception {
        return start("unix", socket.toString(), fork ? "fork" : "no-fork");
    }

    /** Connects over TCP, IPv4 ({@code tcp}) or IPv6 ({@code tcp6}, which also reaches IPv4-mapped addresses). */
    static PythonSocketClient tcp(String kind, String host, int port, boolean fork) throws Exception {
        return start(kind, host, Integer.toString(port), fork ? "fork" : "no-fork");
    }

    private static PythonSocketClient start(String... arguments) throws Exception {
        assumeTrue(Files.isExecutable(PYTHON), "no " + PYTHON + " on this machine");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), "-c", SCRIPT));
        command.addAll(Arrays.asList(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        try {
            String line = CompletableFuture.supplyAsync(() -> readLine(output)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("ready ")) {
                throw new AssertionError("python3 did not get ready: " + line);
            }
            List<Long> pids = Arrays.stream(line.substring("ready ".length()).split(" ")).map(Long::valueOf).toList();
            return new PythonSocketClient(process, pids);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static String readLine(BufferedReader output) {
        try {
            return output.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process that connected, then the one it forked, if any. */
    List<Long> pids() {
        return pids;
    }

    /** Closes the client's stdin, which makes it (and its fork) exit; waits for that. */
    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("python3 did not exit within " + TIMEOUT_SECONDS + " s");
        }
    }
}
