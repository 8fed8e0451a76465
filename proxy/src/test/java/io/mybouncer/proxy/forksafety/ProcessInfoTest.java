package io.mybouncer.proxy.forksafety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessInfoTest {
    @Test
    void namesThisJvmAndItsParent() {
        ProcessHandle self = ProcessHandle.current();

        ProcessInfo info = ProcessInfo.of(self.pid()).orElseThrow();

        assertThat(info.pid()).isEqualTo(self.pid());
        assertThat(info.parentPid()).isEqualTo(self.parent().orElseThrow().pid());
        assertThat(info.program()).contains("java");
        assertThat(info.toString()).startsWith("pid " + self.pid() + " (").endsWith(", parent " + info.parentPid() + ")");
    }

    @Test
    void aProcessThatDoesNotExistHasNoInfo() {
        // Above the kernel's largest pid_max (2^22).
        assertThat(ProcessInfo.of(1L << 23)).isEmpty();
    }

    /** The name in stat may hold spaces and parentheses; the parent pid comes after the last ')'. */
    @Test
    void readsTheParentAfterANameWithParentheses(@TempDir Path proc) throws IOException {
        process(proc, 4242, "4242 (a (b) c) S 4200 4242 4200 0 -1", "gunicorn: worker [app]\0");

        assertThat(ProcessInfo.read(proc, 4242)).hasValue(new ProcessInfo(4242, 4200, "gunicorn: worker [app]"));
    }

    @Test
    void readsOnlyTheFirstArgumentSinceOthersMayHoldSecrets(@TempDir Path proc) throws IOException {
        process(proc, 7, "7 (mysql) S 1 7 7 0 -1", "mysql\0-uapp\0-pSECRET\0");

        assertThat(ProcessInfo.read(proc, 7).orElseThrow().program()).isEqualTo("mysql");
    }

    @Test
    void aProcessWithoutArgumentsIsNamedInBrackets(@TempDir Path proc) throws IOException {
        process(proc, 2, "2 (kthreadd) S 0 0 0 0 -1", "");

        assertThat(ProcessInfo.read(proc, 2)).hasValue(new ProcessInfo(2, 0, "[kthreadd]"));
    }

    @Test
    void aTruncatedStatIsNoInfo(@TempDir Path proc) throws IOException {
        process(proc, 9, "9 (cut", "x\0");

        assertThat(ProcessInfo.read(proc, 9)).isEmpty();
    }

    private static void process(Path proc, long pid, String stat, String cmdline) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("cmdline"), cmdline, StandardCharsets.UTF_8);
    }
}
