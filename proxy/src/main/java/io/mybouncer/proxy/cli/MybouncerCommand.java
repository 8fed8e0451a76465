package io.mybouncer.proxy.cli;

import io.mybouncer.proxy.log.LogFormat;
import io.mybouncer.proxy.log.LogLevel;
import io.mybouncer.proxy.log.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar and of {@code bin/mybouncer}. */
@Command(
        name = "mybouncer",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Connection-pool proxy sidecar for MySQL and MariaDB.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, DemoCommand.class, HealthCommand.class,
            VersionCommand.class},
        footer = {"", "Examples:", "  mybouncer demo", "  mybouncer check-config --config mybouncer.yaml",
            "  mybouncer health", "  mybouncer version"})
public final class MybouncerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // One line per event until a command chooses otherwise (the JDK's default spreads each over two).
        Logging.configure(LogFormat.KV, LogLevel.INFO);
        System.exit(new CommandLine(new MybouncerCommand()).execute(args));
    }

    /** Without a subcommand, say what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
