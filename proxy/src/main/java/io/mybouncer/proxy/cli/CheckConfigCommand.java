package io.mybouncer.proxy.cli;

import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigLoader;
import io.mybouncer.proxy.config.ConfigProblem;
import io.mybouncer.proxy.config.ProxyConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mybouncer check-config}: loads the configuration exactly as {@code run} would, without
 * starting anything, so a deployment can be checked before it is rolled out. Exit code 0 with a summary
 * when it is valid, 1 with every problem when it is not, 2 for a usage error.
 */
@Command(name = "check-config", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Validate a configuration (file and flags) and print what it would do.",
        footer = {"", "Examples:",
            "  mybouncer check-config --config /etc/mybouncer/mybouncer.yaml",
            "  mybouncer check-config --config mybouncer.yaml --pool-size 50",
            "  mybouncer check-config --backend db.internal:3306 --user 'app:$${APP_PASSWORD}'",
            "", "Exit status: 0 valid, 1 invalid (every problem is listed), 2 usage error."})
final class CheckConfigCommand implements Callable<Integer> {
    @Mixin
    private ConfigOptions options;

    @Spec
    private CommandSpec spec;

    /** What {@code ${NAME}} references resolve against. */
    private final Map<String, String> environment;

    CheckConfigCommand() {
        this(System.getenv());
    }

    CheckConfigCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        String source = options.configFile().map(file -> file.toString()).orElse("flags and defaults");
        try {
            ProxyConfig config = new ConfigLoader(environment).load(options.configFile(), options.overrides());
            PrintWriter out = spec.commandLine().getOut();
            out.println("configuration OK (" + source + ")");
            ConfigSummary.lines(config).forEach(out::println);
            out.flush();
            return 0;
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            int count = e.problems().size();
            err.println("configuration invalid (" + source + "): " + count + (count == 1 ? " problem" : " problems"));
            err.flush();
            return 1;
        }
    }
}
