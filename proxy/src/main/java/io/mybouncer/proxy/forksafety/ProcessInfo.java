package io.mybouncer.proxy.forksafety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A process as a log line names it, read from {@code /proc/PID/stat} and {@code /proc/PID/cmdline}.
 * Both are readable for every process, unlike its descriptors; the JDK's
 * {@link ProcessHandle.Info#commandLine()} is not enough, as it needs {@code /proc/PID/exe}, which
 * is not readable for another user's process.
 *
 * @param pid         the process
 * @param parentPid   its parent, 0 when outside this PID namespace
 * @param commandLine its arguments joined by spaces, as the process shows them (servers such as
 *                    gunicorn rewrite them: {@code gunicorn: worker [app]}), cut at
 *                    {@value #MAX_COMMAND_LINE} characters; the bracketed name ({@code [kthreadd]})
 *                    for processes without arguments
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html">proc_pid_stat(5)</a>
 */
public record ProcessInfo(long pid, long parentPid, String commandLine) {
    /** Enough to recognise a program and its script, short enough for one log line. */
    public static final int MAX_COMMAND_LINE = 200;

    /** The process {@code pid} of this machine; empty when it has exited. */
    public static Optional<ProcessInfo> of(long pid) {
        return read(Path.of("/proc"), pid);
    }

    static Optional<ProcessInfo> read(Path procRoot, long pid) {
        Path process = procRoot.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(process.resolve("stat"), StandardCharsets.UTF_8);
            // "PID (COMM) STATE PPID ...": the name may hold spaces and parentheses, so it ends at the last ')'.
            int nameEnd = stat.lastIndexOf(')');
            String[] after = stat.substring(nameEnd + 1).trim().split(" ");
            long parentPid = Long.parseLong(after[1]);
            String commandLine = commandLine(Files.readAllBytes(process.resolve("cmdline")));
            if (commandLine.isEmpty()) {
                commandLine = "[" + stat.substring(stat.indexOf('(') + 1, nameEnd) + "]";
            }
            return Optional.of(new ProcessInfo(pid, parentPid, commandLine));
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            // Exited meanwhile (no such file), or a stat cut short as it exited: nothing to name.
            return Optional.empty();
        }
    }

    /** The NUL-separated arguments, joined by spaces and cut to the maximum. */
    private static String commandLine(byte[] cmdline) {
        int length = cmdline.length;
        while (length > 0 && cmdline[length - 1] == 0) {
            length--;
        }
        String joined = new String(cmdline, 0, length, StandardCharsets.UTF_8).replace('\0', ' ');
        return joined.length() <= MAX_COMMAND_LINE ? joined : joined.substring(0, MAX_COMMAND_LINE - 3) + "...";
    }

    /** For log lines: {@code pid 4242 (gunicorn: worker [app], parent 4200)}. */
    @Override
    public String toString() {
        return "pid " + pid + " (" + commandLine + ", parent " + parentPid + ")";
    }
}
