package io.mybouncer.proxy.cli;

import io.mybouncer.proxy.ProxyServer;
import io.mybouncer.proxy.config.ConfigException;
import io.mybouncer.proxy.config.ConfigProblem;
import io.mybouncer.proxy.config.ConfigSource;
import io.mybouncer.proxy.config.ProxyConfig;
import io.mybouncer.proxy.log.LogFormat;
import io.mybouncer.proxy.log.LogLevel;
import io.mybouncer.proxy.log.Logging;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code mybouncer run}: start the proxy and serve until SIGTERM, Ctrl-C or the admin console's
 * SHUTDOWN. SIGHUP reloads the configuration, as the console's RELOAD does.
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the proxy: accept clients and pool their backend connections.",
        footer = {"", "Examples:",
            "  mybouncer run --backend 127.0.0.1:3306 --user 'app:${APP_PASSWORD}'",
            "  mybouncer run --config /etc/mybouncer/mybouncer.yaml",
            "  mybouncer run --config mybouncer.yaml --listen 0.0.0.0:6033 --pool-size 50",
            "", "Exit status: 0 after a clean shutdown, 1 for an invalid configuration or a failed start,"
                + " 2 usage error."})
final class RunCommand implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());

    @Mixin
    private ConfigOptions options;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "kv (key=value, the default) or json.")
    private String logFormat = "kv";

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "error, warn, info (the default) or debug.")
    private String logLevel = "info";

    @Spec
    private CommandSpec spec;

    /** What {@code ${NAME}} references resolve against. */
    private final Map<String, String> environment;

    RunCommand() {
        this(System.getenv());
    }

    RunCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Logging.configure(choice(LogFormat.class, "--log-format", logFormat), choice(LogLevel.class, "--log-level",
                logLevel));
        ProxyConfig config;
        ConfigSource source = ConfigSource.of(environment, options.configFile(), options.overrides());
        try {
            config = source.load();
        } catch (ConfigException e) {
            e.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            err.flush();
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        try (ProxyServer server = new ProxyServer(config, source)) {
            server.start();
            server.whenClosed().thenRun(stop::countDown);
            reloadOnHangup(server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                awaitQuietly(stopped);
            }, "mybouncer-shutdown"));
            stop.await();
        } finally {
            stopped.countDown();
        }
        return 0;
    }

    /**
     * SIGHUP reloads, as for PgBouncer; a configuration that cannot be used is logged and the
     * running one stays. {@code sun.misc.Signal} is the JDK 17 way to catch it (module
     * jdk.unsupported, exported to every application).
     */
    private static void reloadOnHangup(ProxyServer server) {
        Signal.handle(new Signal("HUP"), signal -> {
            try {
                server.reload();
            } catch (ConfigException e) {
                LOG.log(System.Logger.Level.WARNING, "SIGHUP: reload refused, the running configuration stays: {0}",
                        e.getMessage());
            }
        });
    }

    private <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            // Worded as the configuration's own choices are: "a, b or c".
            throw new ParameterException(spec.commandLine(), option + ": " + value + " (expected: "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                    + ")");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
