package io.mybouncer.proxy.cli;

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

    /** One line per event: time, level, logger, message (the JDK's default spreads each over two lines). */
    private static final String LOG_FORMAT = "%1$tFT%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        System.exit(new CommandLine(new MybouncerCommand()).execute(args));
    }

    /** Without a subcommand, say what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
