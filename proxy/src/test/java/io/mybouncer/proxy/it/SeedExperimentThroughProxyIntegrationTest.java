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
 * error before any worker gets an answer. The same experiment directly against MariaDB is prefork-server's
 * own test.
 */
@ExtendWith(TestBackendExtension.class)
class SeedExperimentThroughProxyIntegrationTest {
    /** Short: in inherited mode a worker whose sibling read its answer waits this long for it. */
    private static final Duration INHERITED_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /** Long: with a connection each every answer comes, if late on a machine shared with other builds. */
    private static final Duration PER_WORKER_QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Session mode: one backend per worker's connection, no more. Below the requests' concurrency of 50. */
    private static final int POOL_SIZE = RunningPreforkServer.WORKERS;
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(30);
    private static final int ALL_REQUESTS = 1050;
    /**
     * What a worker's failure says when it carries the proxy's ERR (ProxyError.FORK_HAZARD). Only the
     * start: two workers reading one socket may each get part of an ERR's bytes.
     */
    private static final String HAZARD_ERROR = "ERROR 1184 (08S01): mybouncer stopped this connection";
    /**
     * What a worker's failure says when it gave its connection up: an answer that never came (the
     * other worker read it), or bytes it did not expect (the other worker's answer).
     */
    private static final String CONNECTION_LOST = "database connection lost: ";
    private static final String SHARED_SERIES = "mybouncer_fork_hazards_total{action=\"rejected\",verdict=\"shared\"}";
    private static final String UNEXPLAINED_SERIES =
            "mybouncer_fork_hazards_total{action=\"rejected\",verdict=\"unexplained\"}";
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
                PER_WORKER_QUERY_TIMEOUT)) {
            LoadReport report = LoadDriver.run(LoadPlan.seedExperiment(server.url(), REQUEST_TIMEOUT), direct());
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
     * warm-up query). The first worker command comes long after that answer (worker JVMs start), so
     * the proxy looks before relaying it, finds three processes holding the connection, and answers
     * it and every later command with ERR 1184: no worker gets any answer from the server, so none
     * gets a wrong one. A worker that read both processes' ERRs off the shared socket leaves the
     * other waiting for an answer that never comes: such failures say the connection was lost.
     */
    @Test
    void anInheritedConnectionThroughTheProxyIsStoppedBeforeAnyWorkerGetsAnAnswer() throws Exception {
        double sharedBefore = proxy.metrics().value(SHARED_SERIES);
        double unexplainedBefore = proxy.metrics().value(UNEXPLAINED_SERIES);
        double queriesBefore = proxy.metrics().value(QUERIES_SERIES);
        try (RunningPreforkServer server = RunningPreforkServer.start(DbMode.INHERITED, throughProxy(proxyTcp()),
                INHERITED_QUERY_TIMEOUT)) {
            LoadReport report = LoadDriver.run(LoadPlan.seedExperiment(server.url(), REQUEST_TIMEOUT), direct());
            // The master's warm-up query is the first answer relayed on the connection.
            long relayedToWorkers = (long) (proxy.metrics().value(QUERIES_SERIES) - queriesBefore) - 1;
            double shared = proxy.metrics().value(SHARED_SERIES) - sharedBefore;
            Map<String, Long> split = failureSplit(report);
            System.out.printf("Seed experiment, inherited connection, through mybouncer over TCP:%n%s"
                    + "connections the proxy stopped as shared: %.0f; answers it relayed to the workers: %d; failures"
                    + " by kind: %s%n", report.table(), shared, relayedToWorkers, split);

            assertThat(report.requests()).isEqualTo(ALL_REQUESTS);
            assertThat(report.wrong()).as(report.table()).isZero();
            assertThat(report.correct() + report.empty()).as(report.table()).isZero();
            assertThat(relayedToWorkers).as("answers from the server relayed to a worker").isZero();
            assertThat(shared).as("the inherited connection, stopped as shared").isEqualTo(1);
            assertThat(proxy.metrics().value(UNEXPLAINED_SERIES) - unexplainedBefore).isZero();
            assertThat(split.keySet()).as(report.table()).contains(HAZARD_ERROR).isSubsetOf(HAZARD_ERROR,
                    CONNECTION_LOST);
            assertThat(report.failures().keySet()).filteredOn(reason -> reason.contains(HAZARD_ERROR))
                    .allSatisfy(reason -> assertThat(reason).contains(server.workerPids().stream()
                            .map(String::valueOf).toList()));
            assertThat(server.workerOutput()).noneMatch(line -> line.contains("LEAK:"));
        }
    }

    /** Failure count per kind: carries the fork-hazard ERR, the connection was lost, or the reason itself. */
    private static Map<String, Long> failureSplit(LoadReport report) {
        Map<String, Long> split = new TreeMap<>();
        report.failures().forEach((reason, count) -> split.merge(reason.contains(HAZARD_ERROR) ? HAZARD_ERROR
                : reason.contains(CONNECTION_LOST) ? CONNECTION_LOST : reason, count, Long::sum));
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
