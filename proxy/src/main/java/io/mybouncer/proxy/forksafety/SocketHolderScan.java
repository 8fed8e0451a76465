package io.mybouncer.proxy.forksafety;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the processes holding a socket, by its inode: those with a {@code /proc/PID/fd/N} symlink
 * reading {@code socket:[INODE]} (what {@code ss -p} and {@code lsof} do). The cost is one readlink
 * per open descriptor of every process, so candidates go first, with their descendants (a fork's
 * children inherit the socket): when two holders turn up among them, sharing is proven and the
 * search stops there; otherwise every other process is searched too, for a complete answer.
 *
 * <p>Reading another process's descriptors needs the right to ptrace it (same user, or
 * CAP_SYS_PTRACE in its user namespace); processes denied are counted, not guessed at. Processes
 * that exit during the search simply hold nothing.
 *
 * @see <a href="https://man7.org/linux/man-pages/man5/proc_pid_fd.5.html">proc_pid_fd(5)</a>
 */
final class SocketHolderScan {
    /**
     * What the search found.
     *
     * @param pids        the holders, in ascending order; empty when none could be seen
     * @param exhaustive  whether every readable process was searched
     * @param uninspected processes whose descriptors could not be read
     */
    record Result(Set<Long> pids, boolean exhaustive, int uninspected) {
    }

    private final Path procRoot;

    SocketHolderScan(Path procRoot) {
        this.procRoot = procRoot;
    }

    /**
     * The processes holding socket {@code inode}.
     *
     * @param candidates processes likely to hold it, searched first with their descendants
     * @throws IOException when the process list itself cannot be read
     */
    Result holders(long inode, Set<Long> candidates) throws IOException {
        Search search = new Search("socket:[" + inode + "]");
        Deque<Long> likely = new ArrayDeque<>(candidates);
        while (!likely.isEmpty()) {
            long pid = likely.poll();
            boolean firstVisit = !search.visited.contains(pid);
            // The children of a candidate or of a holder are forks that may have inherited the socket.
            if ((search.inspect(pid) || candidates.contains(pid)) && firstVisit) {
                likely.addAll(children(pid));
            }
        }
        if (search.found.size() > 1) {
            // Sharing is proven; the candidates and their forks name the processes an operator needs.
            return new Result(search.found, false, search.uninspected);
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(procRoot)) {
            for (Path process : processes) {
                long pid = pidOf(process.getFileName().toString());
                if (pid > 0) {
                    search.inspect(pid);
                }
            }
        }
        return new Result(search.found, true, search.uninspected);
    }

    /** The state of one search: processes seen, holders found, processes denied. */
    private final class Search {
        private final String target;
        private final Set<Long> visited = new HashSet<>();
        private final Set<Long> found = new TreeSet<>();
        private int uninspected;

        Search(String target) {
            this.target = target;
        }

        /** Searches {@code pid}'s descriptors, once; returns whether it holds the socket. */
        boolean inspect(long pid) {
            if (!visited.add(pid)) {
                return found.contains(pid);
            }
            try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(procRoot.resolve(pid + "/fd"))) {
                for (Path descriptor : descriptors) {
                    if (pointsAtTarget(descriptor)) {
                        found.add(pid);
                        return true;
                    }
                }
            } catch (NoSuchFileException e) {
                // The process exited: it holds nothing now.
            } catch (IOException e) {
                // Access denied (another user's process) or an I/O error: unknown, and counted.
                uninspected++;
            }
            return false;
        }

        private boolean pointsAtTarget(Path descriptor) throws AccessDeniedException {
            try {
                return target.equals(Files.readSymbolicLink(descriptor).toString());
            } catch (AccessDeniedException e) {
                throw e;
            } catch (IOException e) {
                // Closed since the listing: it is not the socket any more.
                return false;
            }
        }
    }

    /**
     * The children of {@code pid}, from {@code /proc/PID/task/TID/children} of each of its threads
     * (a child is listed under the thread that forked it); none where the kernel lacks that file.
     */
    private Set<Long> children(long pid) {
        Set<Long> children = new HashSet<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(procRoot.resolve(pid + "/task"))) {
            for (Path thread : threads) {
                readChildren(thread.resolve("children"), children);
            }
        } catch (IOException e) {
            // Exited, or a kernel without children files: the full search finds any children anyway.
        }
        return children;
    }

    /** The children {@code pid}'s main thread forked: one small file ({@link #children} reads one a thread). */
    Set<Long> mainThreadChildren(long pid) {
        Set<Long> children = new HashSet<>();
        readChildren(procRoot.resolve(pid + "/task/" + pid + "/children"), children);
        return children;
    }

    /** Adds the pids a {@code children} file lists; none when it is gone (the process exited). */
    private static void readChildren(Path file, Set<Long> children) {
        try {
            String list = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
            for (String child : list.trim().split(" ")) {
                long childPid = pidOf(child);
                if (childPid > 0) {
                    children.add(childPid);
                }
            }
        } catch (IOException e) {
            // Exited, or a kernel without children files: the full search finds any children anyway.
        }
    }

    /** A {@code /proc} entry's name as a pid, or -1 when it is not a process ("self", "net", ...). */
    private static long pidOf(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return -1;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name);
    }
}
