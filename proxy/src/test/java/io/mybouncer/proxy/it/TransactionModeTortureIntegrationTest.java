package io.mybouncer.proxy.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.client.NettyTransport;
import io.mybouncer.protocol.testing.TestBackend;
import io.mybouncer.protocol.testing.TestBackendExtension;
import io.mybouncer.proxy.config.PoolMode;
import io.mybouncer.proxy.it.TortureClient.Outcome;
import io.mybouncer.proxy.it.TortureProfile.Role;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The correctness torture test of transaction pool mode (issue 4): 54 clients (MySQL Connector/J,
 * MariaDB Connector/J and the protocol client, 18 each) over pools of 4 backend connections for
 * 20 seconds, each with its own session state (see {@link TortureProfile} and {@link TortureClient}).
 * Most clients carry only replayable state and must really be multiplexed; one holds a user
 * variable and a temporary table all along, five are pinned now and then. No client may ever see
 * another's state or uncommitted rows, every answer must equal a direct connection's, and the
 * backend never holds more connections for the proxy than its pools allow.
 *
 * <p>The same clients first run briefly straight against MariaDB: that run proves the model of what
 * a direct connection answers, so a failure through the proxy is the proxy's.
 */
@ExtendWith(TestBackendExtension.class)
class TransactionModeTortureIntegrationTest {
    private static final int CLIENTS = 54;
    private static final int POOL_SIZE = 4;
    private static final Duration RUN = Duration.ofSeconds(20);
    private static final Duration MODEL_RUN = Duration.ofSeconds(3);
    /** Logins, and finishing the step under way at the deadline, may take this long on top of a run. */
    private static final long SLACK_SECONDS = 60;
    /**
     * Of the consecutive statements of multiplexed clients that could run on different backends, at
     * least this share must: with dozens of clients over a few backends, far more do unless the
     * proxy pins them.
     */
    private static final double MIN_SWITCH_SHARE = 0.25;
    /** And at least this share of the multiplexed clients must have switched at all. */
    private static final double MIN_SWITCHED_CLIENTS = 0.9;
    /** Every client must get work done: none starves behind pinned ones. */
    private static final long MIN_STATEMENTS_PER_CLIENT = 20;

    private static EventLoopGroup clientGroup;
    private TortureDatabase database;

    @BeforeAll
    static void startClientLoops() {
        clientGroup = new MultiThreadIoEventLoopGroup(2, NettyTransport.NIO.ioHandlerFactory());
    }

    @AfterAll
    static void stopClientLoops() {
        if (clientGroup != null) {
            clientGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @BeforeEach
    void createDatabase(TestBackend backend) throws Exception {
        database = TortureDatabase.create(backend);
    }

    @Test
    void theModelHoldsOnDirectConnections(TestBackend backend) throws Exception {
        List<Outcome> outcomes = run((library, program) -> library.open(new ClientLibrary.Login(backend.host(),
                backend.port(), TortureDatabase.USER, TortureDatabase.PASSWORD, TortureDatabase.LOGIN_SCHEMA, program),
                clientGroup), MODEL_RUN);
        report("direct connections", outcomes, MODEL_RUN);

        assertNoFailures(outcomes);
        assertThat(sum(outcomes, client -> true, Outcome::switches)).as("switches on direct connections").isZero();
        assertThat(sum(outcomes, client -> true, Outcome::pairs)).as("statement pairs seen").isPositive();
        assertEndState(outcomes);
    }

    @Test
    void noClientSeesAnotherClientsStateThroughTransactionMode(TestBackend backend) throws Exception {
        RunningProxy.Settings settings = RunningProxy.Settings.defaults()
                .withPool(POOL_SIZE, Duration.ofSeconds(30)).withMode(PoolMode.TRANSACTION);
        try (RunningProxy proxy = RunningProxy.start(backend.host(), backend.port(), TortureDatabase.USER,
                TortureDatabase.PASSWORD, settings)) {
            BackendConnectionSampler sampler = BackendConnectionSampler.start(database.connectAsAdmin());
            List<Outcome> outcomes;
            try {
                outcomes = run((library, program) -> library.open(ClientLibrary.Login.of(proxy,
                        TortureDatabase.LOGIN_SCHEMA, program), clientGroup), RUN);
            } finally {
                sampler.close();
            }
            int pools = proxy.pools().size();
            report(pools + " pool(s) of " + POOL_SIZE + " backends", outcomes, RUN);
            System.out.printf("  backend connections of the proxy's account: at most %d at once (%d samples)%n",
                    sampler.highest(), sampler.samples());

            assertNoFailures(outcomes);
            assertThat(outcomes).as("clients that ran fewer than %d statements", MIN_STATEMENTS_PER_CLIENT)
                    .filteredOn(client -> client.statements() < MIN_STATEMENTS_PER_CLIENT).isEmpty();
            assertMultiplexed(outcomes);
            assertThat(sum(outcomes, client -> true, Outcome::episodes))
                    .as("pinned episodes begun and ended").isGreaterThanOrEqualTo(3);
            assertThat(sampler.samples()).as("process list samples").isGreaterThanOrEqualTo(10);
            assertThat(sampler.highest()).as("backend connections of the proxy's account, %d pool(s) of %d", pools,
                    POOL_SIZE).isBetween(1, POOL_SIZE * pools);
            assertEndState(outcomes);
        }
    }

    /** Runs every client for {@code length} once all have logged in and set up their state. */
    private List<Outcome> run(TortureClient.Connector connector, Duration length) throws Exception {
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        CompletableFuture<Long> deadline = new CompletableFuture<>();
        // One pinned episode at a time: with the resident, two of a pool's four backends stay shared.
        Semaphore episodePermit = new Semaphore(1);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Outcome>> clients = IntStream.range(0, CLIENTS)
                    .mapToObj(id -> threads.submit(new TortureClient(TortureProfile.of(id, TortureDatabase.schemas()),
                            database, connector, ready, deadline, episodePermit)))
                    .toList();
            // When some clients cannot even set up, the others stop at once, and the failures say why.
            boolean allReady = ready.await(SLACK_SECONDS, TimeUnit.SECONDS);
            deadline.complete(System.nanoTime() + (allReady ? length.toNanos() : 0));
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> client : clients) {
                outcomes.add(client.get(length.toSeconds() + SLACK_SECONDS, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void report(String target, List<Outcome> outcomes, Duration length) {
        long statements = sum(outcomes, client -> true, Outcome::statements);
        Predicate<Outcome> multiplexed = client -> client.profile().role() == Role.MULTIPLEXED;
        long pairs = sum(outcomes, multiplexed, Outcome::pairs);
        long switches = sum(outcomes, multiplexed, Outcome::switches);
        String byLibrary = Arrays.stream(ClientLibrary.values())
                .map(library -> library + " " + sum(outcomes, client -> client.profile().library() == library,
                        Outcome::statements))
                .collect(Collectors.joining(", "));
        System.out.printf("transaction-mode torture: %d clients, %s, %d s%n", CLIENTS, target, length.toSeconds());
        System.out.printf("  statements: %d (%d/s); by library: %s%n", statements, statements / length.toSeconds(),
                byLibrary);
        System.out.printf("  multiplexed clients: %d of %d switched backends; %d switches in %d statement pairs"
                + " (%.0f%%)%n", outcomes.stream().filter(multiplexed).filter(client -> client.switches() > 0).count(),
                outcomes.stream().filter(multiplexed).count(), switches, pairs,
                pairs == 0 ? 0 : 100.0 * switches / pairs);
        System.out.printf("  pinned: resident %d statements; %d episodes; all clients: %d switches in %d pairs%n",
                sum(outcomes, client -> client.profile().role() == Role.RESIDENT, Outcome::statements),
                sum(outcomes, client -> true, Outcome::episodes),
                sum(outcomes, client -> true, Outcome::switches), sum(outcomes, client -> true, Outcome::pairs));
        System.out.printf("  failures: %d%n", outcomes.stream().mapToLong(client -> client.failures().size()).sum());
    }

    private static void assertNoFailures(List<Outcome> outcomes) {
        List<String> failures = outcomes.stream().flatMap(client -> client.failures().stream()).toList();
        assertThat(failures).as("%d client(s) failed:%n%s", failures.size(), String.join("\n", failures)).isEmpty();
    }

    private static void assertMultiplexed(List<Outcome> outcomes) {
        List<Outcome> multiplexed = outcomes.stream().filter(client -> client.profile().role() == Role.MULTIPLEXED)
                .toList();
        long pairs = sum(multiplexed, client -> true, Outcome::pairs);
        long switches = sum(multiplexed, client -> true, Outcome::switches);
        assertThat((double) switches).as("backend switches of multiplexed clients: %d in %d pairs", switches, pairs)
                .isGreaterThanOrEqualTo(MIN_SWITCH_SHARE * pairs);
        List<Integer> neverSwitched = multiplexed.stream().filter(client -> client.switches() == 0)
                .map(client -> client.profile().id()).toList();
        assertThat((double) multiplexed.size() - neverSwitched.size())
                .as("multiplexed clients that switched backends; never: %s", neverSwitched)
                .isGreaterThanOrEqualTo(MIN_SWITCHED_CLIENTS * multiplexed.size());
    }

    /** Behind the clients' backs: every transaction ended as its client saw it end, no row lost or added. */
    private void assertEndState(List<Outcome> outcomes) throws Exception {
        assertThat(database.doomedRows()).as("rows of transactions that never ended").isEmpty();
        Map<Integer, Long> expected = outcomes.stream()
                .collect(Collectors.toMap(client -> client.profile().id(), Outcome::committed));
        assertThat(database.committedRowsByClient()).as("committed rows per client").isEqualTo(expected);
    }

    private static long sum(List<Outcome> outcomes, Predicate<Outcome> which, ToLongFunction<Outcome> what) {
        return outcomes.stream().filter(which).mapToLong(what).sum();
    }
}
