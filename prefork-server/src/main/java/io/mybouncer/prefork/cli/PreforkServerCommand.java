package io.mybouncer.prefork.cli;

import io.mybouncer.prefork.OneLineLogging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar. */
@Command(
        name = "prefork-server",
        mixinStandardHelpOptions = true,
        description = {"A small prefork HTTP application server that shows the fork hazard and its fix:",
            "workers that share one inherited database connection read each other's answers;",
            "workers with their own connections (to MySQL, or cheaply to mybouncer) do not."},
        subcommands = {ServeCommand.class, LoadCommand.class, SeedCommand.class},
        footer = {"", "Examples:",
            "  prefork-server seed  --db 127.0.0.1:3306 --user app --password-env APP_PASSWORD --database app",
            "  prefork-server serve --port 8080 --workers 2 --db-mode inherited \\",
            "                       --db 127.0.0.1:3306 --user app --password-env APP_PASSWORD --database app",
            "  prefork-server load  --url http://127.0.0.1:8080 --burst 50 --concurrency 50 --requests 1000"})
public final class PreforkServerCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        OneLineLogging.install();
        System.exit(new CommandLine(new PreforkServerCommand()).execute(args));
    }

    /** Without a subcommand, say what there is. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
