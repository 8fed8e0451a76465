package io.mybouncer.prefork.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.prefork.db.DbLogin;
import io.mybouncer.prefork.db.DbMode;
import io.mybouncer.prefork.db.KnownRows;
import io.mybouncer.prefork.load.LoadDriver;
import io.mybouncer.prefork.load.LoadPlan;
import io.mybouncer.prefork.load.LoadReport;
import io.mybouncer.protocol.client.ServerAddress;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed experiment, directly against MariaDB: two workers, 50 calls at once, then 1,000 calls
 * at concurrency 50. With one inherited connection the workers read each other's answers; with a
 * connection each, every answer is right.
 */
@ExtendWith(TestBackendExtension.class)
class SeedExperimentIntegrationTest {
    /** Short: in inherited mode some answers never come (another worker read them). */
    private static final Duration INHERITED_QUERY_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Long: with a connection each, every answer comes, and only a machine far too busy (two cores
     * shared with other builds) makes one take seconds; a timeout would then fail the worker's
     * connection and every request after it.
     */
    private static final Duration PER_WORKER_QUERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final int ALL_REQUESTS = 1050;

    private static TestBackend backend;

    @BeforeAll
    static void seedKnownRows(TestBackend testBackend) throws Exception {
        backend = testBackend;
        KnownRows.seed(direct(), (int) LoadPlan.DEFAULT_MAX_ID);
    }

    /** The fixture's MariaDB over TCP, as the test user, on the test schema. */
    private static DbLogin direct() {
        return new DbLogin(new ServerAddress.Tcp(backend.host(), backend.port()), backend.user(), backend.password(),
                TestBackend.SCHEMA);
    }

    @Test
    void inheritedConnectionDirectToMariaDbMixesUpOrLosesAnswers() throws Exception {
        try (RunningPreforkServer server = RunningPreforkServer.start(DbMode.INHERITED, direct(),
                INHERITED_QUERY_TIMEOUT)) {
            LoadReport report = LoadDriver.run(LoadPlan.seedExperiment(server.url(), REQUEST_TIMEOUT), direct());
            System.out.println("Seed experiment, inherited connection, directly to MariaDB:\n" + report.table());

            assertThat(report.requests()).isEqualTo(ALL_REQUESTS);
            assertThat(report.wrong() + report.failed()).as("wrong or failed answers (the hazard)\n%s", report.table())
                    .isPositive();
            assertThat(server.workerPids()).containsAll(report.answersByWorker().keySet());
            assertThat(server.workerOutput()).noneMatch(line -> line.contains("LEAK:"));
        }
    }

    @Test
    void perWorkerConnectionsDirectToMariaDbAnswerEveryRequestRight() throws Exception {
        try (RunningPreforkServer server = RunningPreforkServer.start(DbMode.PER_WORKER, direct(),
                PER_WORKER_QUERY_TIMEOUT)) {
            LoadReport report = LoadDriver.run(LoadPlan.seedExperiment(server.url(), REQUEST_TIMEOUT), direct());
            System.out.println("Seed experiment, a connection per worker, directly to MariaDB:\n" + report.table());

            assertThat(report.correct()).as(report.table()).isEqualTo(ALL_REQUESTS);
            assertThat(report.wrong()).isZero();
            assertThat(report.empty()).isZero();
            assertThat(report.failed()).isZero();
            // SO_REUSEPORT spread the 50 connections over both workers.
            assertThat(report.answersByWorker().keySet()).containsExactlyInAnyOrderElementsOf(server.workerPids());
            assertThat(report.maxBackendConnections()).isGreaterThanOrEqualTo(RunningPreforkServer.WORKERS);
            assertThat(server.workerOutput()).noneMatch(line -> line.contains("LEAK:"));
        }
    }
}
