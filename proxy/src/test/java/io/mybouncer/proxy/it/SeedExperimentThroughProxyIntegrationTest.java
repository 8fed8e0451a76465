package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.it.RunningPreforkServer;
import io.mybouncer.prefork.load.LoadDriver;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.pool.PoolStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed experiment (two prefork workers, 50 calls at once, then 1,000 at concurrency 50) through
 * mybouncer: the prefork server's master and worker JVMs, a real proxy, the private MariaDB. With a
 * connection per worker every answer is right and the backend never has more connections than the
 * pool allows; with one connection inherited by both workers the proxy stops it with the fork-hazard
 * error. The same experiment directly against MariaDB is prefork-server's own test.
 */
@ExtendWith(TestBackendExtension.class)
class SeedExperimentThroughProxyIntegrationTest {
    /** Short: in inherited mode a worker whose sibling read its answer waits this long for it. */
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** Session mode: one backend per worker's connection, no more. Below the requests' concurrency of 50. */
    private static final int POOL_SIZE = RunningPreforkServer.WORKERS;
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    private static final int ALL_REQUESTS = 1050;
    /** What a worker's failure says when it carries the proxy's ERR (ProxyError.FORK_HAZARD). */
    private static final String HAZARD_ERROR = "ERROR 1184 (08S01): mybouncer stopped this connection: it is used by"
            + " more than one process";
    /** What a worker's failure says when its answer never came (the sibling read it) and it gave the connection up. */
    private static final String NO_ANSWER = "database connection lost: no answer within " + QUERY_TIMEOUT.toMillis()
            + " ms";
    private static final String HAZARDS_SERIES = "mybouncer_fork_hazards_total{action=\"rejected\",verdict=\"shared\"}";
    /** Statements whose response the proxy relayed to its end. */
    private static final String QUERIES_SERIES = "mybouncer_queries_total";

    @TempDir
    static Path socketDirectory;

    private static TestBackend backend;
    private static RunningProxy proxy;

    @BeforeAll
    static void seedAndStartProxy(TestBackend testBackend) throws Exception {
        backend = testBackend;
        KnownRows.seed(direct(), (int) LoadPlan.DEFAULT_MAX_ID);
        proxy = RunningProxy.start(backend, RunningProxy.Settings.defaults().withPool(POOL_SIZE, ACQUIRE_TIMEOUT)
                .withUnixSocket(socketDirectory.resolve("mybouncer.sock")));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    /** The fixture's MariaDB itself, for seeding and for sampling its connection count. */
    private static DbLogin direct() {
        return new DbLogin(new ServerAddress.Tcp(backend.host(), backend.port()), backend.user(), backend.password(),
                TestBackend.SCHEMA);
    }

    private static DbLogin throughProxy(ServerAddress listener) {
        return new DbLogin(listener, proxy.user(), proxy.password(), TestBackend.SCHEMA);
    }

    private static ServerAddress proxyTcp() {
        return new ServerAddress.Tcp(RunningProxy.HOST, proxy.port());
    }

    @Test
    void perWorkerConnectionsToTheProxysTcpListenerAnswerEveryRequestRight() throws Exception {
        assertEveryAnswerRightWithinThePool(proxyTcp(), "TCP");
    }

    @Test
    void perWorkerConnectionsToTheProxysUnixSocketAnswerEveryRequestRight() throws Exception {
        assertEveryAnswerRightWithinThePool(new ServerAddress.Unix(proxy.unixSocket()), "its Unix socket");
    }

    private static void assertEveryAnswerRightWithinThePool(ServerAddress listener, String how) throws Exception {
        int otherConnections = backendConnections() - proxyBackends();
        try (RunningPreforkServer server = RunningPreforkServer.start(DbMode.PER_WORKER, throughProxy(listener),
                QUERY_TIMEOUT)) {
            LoadReport report = LoadDriver.run(LoadPlan.seedExperiment(server.url()), direct());
            System.out.printf("Seed experiment, a connection per worker, through mybouncer over %s (pool size %d;"
                    + " %d other connections to the server):%n%s", how, POOL_SIZE, otherConnections, report.table());

            assertThat(report.correct()).as(report.table()).isEqualTo(ALL_REQUESTS);
            assertThat(report.wrong()).isZero();
            assertThat(report.empty()).isZero();
            assertThat(report.failed()).isZero();
            assertThat(report.answersByWorker().keySet()).containsExactlyInAnyOrderElementsOf(server.workerPids());
            assertThat(report.maxBackendConnections()).as("Threads_connected during the run, less %d other"
                    + " connections", otherConnections).isLessThanOrEqualTo(otherConnections + POOL_SIZE);
            assertThat(proxy.pool().total()).isLessThanOrEqualTo(POOL_SIZE);
            assertThat(server.workerOutput()).noneMatch(line -> line.contains("LEAK:"));
        }
    }

    /**
     * Both workers speak on the connection the master opened to the proxy (and used once, for its
     * warm-up query). At the first command that arrives while another's answer is owed, the proxy
     * finds three processes holding the connection and answers every owed and later command with
     * ERR 1184. Two failures are possible: that ERR, or no answer at all, when one worker read both
     * ERRs off the shared socket and its sibling waited in vain.
     *
     * <p>Wrong answers are not ruled out: until the first overlap, a worker's query may reach the
     * proxy just after the previous answer was written and before its sender read it, and then the
     * two workers race for it (the residual race the README's "Fork safety" names; measured here as
     * 0 to 2 wrong answers out of 1,050 in most runs). What is asserted is that they come only from
     * the few answers relayed before the stop: after it the backend answers nothing on that connection.
     */
    @Test
    void anInheritedConnectionThroughTheProxyIsStoppedWithTheForkHazardError() throws Exception {
        double hazardsBefore = proxy.metrics().value(HAZARDS_SERIES);
        double queriesBefore = proxy.metrics().value(QUERIES_SERIES);
        try (RunningPreforkServer server = RunningPreforkServer.start(DbMode.INHERITED, throughProxy(proxyTcp()),
                QUERY_TIMEOUT)) {
            LoadReport report = LoadDriver.run(LoadPlan.seedExperiment(server.url()), direct());
            // The master's warm-up query is the first answer relayed on the connection.
            long relayedToWorkers = (long) (proxy.metrics().value(QUERIES_SERIES) - queriesBefore) - 1;
            Map<String, Long> split = failureSplit(report);
            System.out.printf("Seed experiment, inherited connection, through mybouncer over TCP:%n%s"
                    + "answers relayed to the workers before the proxy stopped the connection: %d; failures by kind:"
                    + " %s%n", report.table(), relayedToWorkers, split);

            assertThat(report.requests()).isEqualTo(ALL_REQUESTS);
            assertThat(proxy.metrics().value(HAZARDS_SERIES) - hazardsBefore).as("connections stopped as shared")
                    .isEqualTo(1);
            assertThat(split).as(report.table()).containsOnlyKeys(HAZARD_ERROR, NO_ANSWER).containsKey(HAZARD_ERROR);
            assertThat(report.failures().keySet()).filteredOn(reason -> reason.contains(HAZARD_ERROR))
                    .allSatisfy(reason -> assertThat(reason).contains(server.workerPids().stream()
                            .map(String::valueOf).toList()));
            assertThat(report.empty()).as(report.table()).isZero();
            assertThat(report.correct() + report.wrong()).as("answers with a row, all from backend answers relayed"
                    + " before the stop").isLessThanOrEqualTo(relayedToWorkers);
            assertThat(server.workerOutput()).noneMatch(line -> line.contains("LEAK:"));
        }
    }

    /** Failure count per kind: carries the fork-hazard ERR, no answer came, or the reason itself when neither. */
    private static Map<String, Long> failureSplit(LoadReport report) {
        Map<String, Long> split = new TreeMap<>();
        report.failures().forEach((reason, count) -> split.merge(reason.contains(HAZARD_ERROR) ? HAZARD_ERROR
                : reason.contains(NO_ANSWER) ? NO_ANSWER : reason, count, Long::sum));
        return split;
    }

    /** Connections the server has now, not counting the one that asks. */
    private static int backendConnections() throws SQLException {
        try (Connection connection = backend.connect(); Statement statement = connection.createStatement();
                ResultSet status = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Threads_connected'")) {
            status.next();
            return status.getInt(2) - 1;
        }
    }

    /** Backend connections the proxy holds now, in every pool. */
    private static int proxyBackends() {
        return proxy.pools().stream().mapToInt(PoolStats::total).sum();
    }

}
