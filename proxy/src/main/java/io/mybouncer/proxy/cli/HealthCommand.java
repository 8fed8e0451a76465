package io.mybouncer.proxy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mybouncer health}: asks a running proxy's HTTP endpoint whether it is healthy, for container
 * health checks. The runtime image has a JRE and no curl, so the check is made with the JDK's own
 * HTTP client. Exit status 0 on HTTP 200, 1 on anything else (another status, or no answer), which is
 * what Docker's {@code HEALTHCHECK} and Kubernetes' exec probes expect.
 */
@Command(name = "health", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Ask a running mybouncer whether it is healthy (GET its /health/ready by default).",
        footer = {"", "Examples:",
            "  mybouncer health",
            "  mybouncer health --url http://127.0.0.1:9033/health/live",
            "", "The proxy must serve HTTP (--http HOST:PORT, or http: in the file).",
            "Exit status: 0 when the answer is HTTP 200, 1 otherwise (the answer or the failure is printed),"
                + " 2 usage error."})
final class HealthCommand implements Callable<Integer> {
    static final String DEFAULT_URL = "http://127.0.0.1:9033/health/ready";
    /**
     * Connecting and answering together. The endpoint answers from memory in microseconds; a proxy that
     * takes this long is not healthy. Below Docker's default health-check timeout of 30 s.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Option(names = "--url", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "What to GET (default: ${DEFAULT-VALUE}).")
    private URI url;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new ParameterException(spec.commandLine(),
                    "--url: " + url + " (expected: an http:// URL with a host, e.g. " + DEFAULT_URL + ")");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("unhealthy: no answer from " + url + " (" + e + ")");
            err.flush();
            return 1;
        }
        if (response.statusCode() == 200) {
            out.print(response.body());
            out.flush();
            return 0;
        }
        err.println("unhealthy: HTTP " + response.statusCode() + " from " + url);
        err.print(response.body());
        err.flush();
        return 1;
    }
}
