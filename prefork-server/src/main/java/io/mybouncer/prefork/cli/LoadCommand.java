package io.mybouncer.prefork.cli;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbOptions;
import io.mybouncer.prefork.db.ServerAddressConverter;
import io.mybouncer.prefork.load.IdOrder;
import io.mybouncer.prefork.load.LoadDriver;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.protocol.client.ServerAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code prefork-server load}: the load driver. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send concurrent GET /q?id=N requests and count the answers: correct, wrong (another",
            "request's row), empty (no row) and failed (HTTP error, reset, timeout)."},
        footer = {"", "Examples:",
            "  prefork-server load --url http://127.0.0.1:8080 --burst 50 --concurrency 50 --requests 1000",
            "  APP_PASSWORD=... prefork-server load --url http://127.0.0.1:8080 --json \\",
            "      --backend 127.0.0.1:3306 --backend-user app --backend-password-env APP_PASSWORD"})
final class LoadCommand implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "The prefork server, e.g. http://127.0.0.1:8080.")
    private URI url;

    @Option(names = "--burst", defaultValue = "0",
            description = "First send this many requests all at once (default: ${DEFAULT-VALUE}, none).")
    private int burst;

    @Option(names = "--requests", defaultValue = "1000", description = "Requests to send (default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--concurrency", defaultValue = "50",
            description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Option(names = "--ids", defaultValue = "random", paramLabel = "random|sequential",
            description = "Which rows to ask for (default: ${DEFAULT-VALUE}).")
    private String ids;

    @Option(names = "--max-id", defaultValue = "1000",
            description = "Ask for ids 1..N; table t must hold them (default: ${DEFAULT-VALUE}).")
    private long maxId;

    @Option(names = "--timeout-ms", defaultValue = "10000",
            description = "A request taking longer fails (default: ${DEFAULT-VALUE}).")
    private long timeoutMillis;

    @Option(names = "--backend", paramLabel = "host:port|unix:PATH", converter = ServerAddressConverter.class,
            description = "The database server itself (not mybouncer): sample its Threads_connected during the run.")
    private ServerAddress backend;

    @Option(names = "--backend-user", description = "User for sampling --backend.")
    private String backendUser;

    @Option(names = "--backend-password-env", paramLabel = "VAR",
            description = "Environment variable holding --backend-user's password.")
    private String backendPasswordVariable;

    @Option(names = "--json", description = "Print the report as one JSON object instead of a table.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    LoadCommand() {
        this(System.getenv());
    }

    LoadCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** The plan the options describe; a usage error when they are out of range. */
    LoadPlan plan() {
        List<LoadPlan.Phase> phases = new ArrayList<>();
        IdOrder order;
        try {
            order = IdOrder.valueOf(ids.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--ids: '" + ids + "' (expected: random or sequential)");
        }
        if (burst < 0 || burst > LoadPlan.Phase.MAX_CONCURRENCY) {
            throw usage("--burst: " + burst + " (expected: 0.." + LoadPlan.Phase.MAX_CONCURRENCY + ")");
        }
        try {
            if (burst > 0) {
                phases.add(new LoadPlan.Phase(burst, burst));
            }
            phases.add(new LoadPlan.Phase(requests, concurrency));
            return new LoadPlan(url, phases, order, maxId, Duration.ofMillis(timeoutMillis));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    /** The sampler's login, or null when no --backend is given. */
    DbLogin backendLogin() {
        if (backend == null) {
            if (backendUser != null || backendPasswordVariable != null) {
                throw usage("--backend-user and --backend-password-env need --backend");
            }
            return null;
        }
        if (backendUser == null) {
            throw usage("--backend needs --backend-user");
        }
        return new DbLogin(backend, backendUser, DbOptions.password(spec.commandLine(), environment,
                "--backend-password-env", backendPasswordVariable), null);
    }

    @Override
    public Integer call() throws Exception {
        LoadReport report = LoadDriver.run(plan(), backendLogin());
        spec.commandLine().getOut().print(json ? report.json() + System.lineSeparator() : report.table());
        spec.commandLine().getOut().flush();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
