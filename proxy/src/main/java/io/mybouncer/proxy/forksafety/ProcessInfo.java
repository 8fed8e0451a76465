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
 * @param program     its first argument, as the process shows it (servers such as gunicorn rewrite
 *                    it into a title: {@code gunicorn: worker [app]}), cut at {@value #MAX_PROGRAM}
 *                    characters; the bracketed name ({@code [kthreadd]}) for processes without
 *                    arguments. The other arguments are never read: they may hold secrets
 *                    ({@code mysql -pSECRET}), and this goes into log lines
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html">proc_pid_stat(5)</a>
 */
public record ProcessInfo(long pid, long parentPid, String program) {
    /** Enough to recognise a program or a server's title, short enough for one log line. */
    public static final int MAX_PROGRAM = 200;

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
            String program = program(Files.readAllBytes(process.resolve("cmdline")));
            if (program.isEmpty()) {
                program = "[" + stat.substring(stat.indexOf('(') + 1, nameEnd) + "]";
            }
            return Optional.of(new ProcessInfo(pid, parentPid, program));
        } catch (IOException | NumberFormatException | IndexOutOfBoundsException e) {
            // Exited meanwhile (no such file), or a stat cut short as it exited: nothing to name.
            return Optional.empty();
        }
    }

    /** The first of the NUL-separated arguments, cut to the maximum. */
    private static String program(byte[] cmdline) {
        int length = 0;
        while (length < cmdline.length && cmdline[length] != 0) {
            length++;
        }
        String first = new String(cmdline, 0, length, StandardCharsets.UTF_8);
        return first.length() <= MAX_PROGRAM ? first : first.substring(0, MAX_PROGRAM - 3) + "...";
    }

    /** For log lines: {@code pid 4242 (gunicorn: worker [app], parent 4200)}. */
    @Override
    public String toString() {
        return "pid " + pid + " (" + program + ", parent " + parentPid + ")";
    }
}
