package io.mybouncer.proxy.it;

import io.mybouncer.proxy.it.TortureProfile.Role;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One client of the torture test: sets up its own session state ({@link TortureProfile}), then, until
 * the deadline, runs a random mix of probes, prepared statements shared by text with every other
 * client, transactions holding uncommitted rows, autocommit inserts with LAST_INSERT_ID() read-backs
 * and FOUND_ROWS() read-backs, and for the pinned roles, pinned episodes. Every answer is checked
 * against what a direct connection in this client's own state returns, computed from a model of that
 * state; most answers carry CONNECTION_ID(), which shows which backend the statement ran on.
 *
 * <p>The first wrong answer or error ends the client: after a leak its model no longer holds, and the
 * failures that would follow say nothing new. The failure names the client, what it was doing, the
 * statement, what was expected and what came, and the backend connection ids.
 */
final class TortureClient implements Callable<TortureClient.Outcome> {
    /** The shared statement texts: the same for every client, with the client's own parameters. */
    static final String LOOKUP = "SELECT CONCAT_WS('|', CONNECTION_ID(), CONCAT(?, '/', DATABASE()), "
            + "DATE_FORMAT(FROM_UNIXTIME(?), '%Y-%m-%d %H:%i:%s'), (SELECT COUNT(*) FROM marks WHERE client = ?))";
    /** {@code ||} is parsed at prepare time: concatenation under PIPES_AS_CONCAT, logical OR (0 here) otherwise. */
    static final String PIPES = "SELECT CONCAT_WS('|', CONNECTION_ID(), ? || ?)";
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Unix times the lookups convert: whole years away from the ends of the TIMESTAMP range. */
    private static final long FIRST_TIME = 365L * 86_400;
    private static final long LAST_TIME = (1L << 31) - 365L * 86_400;
    /** How long a client waits for the others to log in, and for the start. */
    private static final long START_TIMEOUT_SECONDS = 60;

    /** What one client did. */
    /**
     * What one client did and saw.
     *
     * @param committed the client's committed rows, as its model counts them
     * @param pairs     consecutive statements that could have run on different backends (not both in
     *                  one hold); {@code switches} of them did
     * @param failures  empty, or the first failure, which ended the client
     */
    record Outcome(TortureProfile profile, long statements, long committed, long pairs, long switches, int episodes,
            List<String> failures) {
    }

    /** The kinds of step, with their weights in the mix. */
    private enum Step {
        PROBE(20), LOOKUP(20), PIPES(10), TRANSACTION(20), INSERT(15), FOUND_ROWS(10), EPISODE(5);

        private final int weight;

        Step(int weight) {
            this.weight = weight;
        }
    }

    /** Opens a client's session through whatever is under test. */
    @FunctionalInterface
    interface Connector {
        /** @param program the connect attribute {@code program_name}: {@code torture-<id>} */
        SqlSession open(ClientLibrary library, String program) throws Exception;
    }

    private final TortureProfile profile;
    private final TortureDatabase database;
    private final Connector connector;
    private final CountDownLatch ready;
    private final CompletableFuture<Long> deadline;
    private final Semaphore episodePermit;
    private final Random random;
    private final long id;
    private final List<String> failures = new ArrayList<>();

    // The model of this client's session on a direct connection. Only the client's thread touches it.
    private SqlSession session;
    private SqlSession.Prepared lookup;
    private SqlSession.Prepared pipes;
    private long committed;
    private long lastInsertId;
    /** The value of @tt_v, or null when unset. */
    private String userVariable;
    /** What {@link TortureDatabase#SHADOW} holds for this client: its temporary table's marker, or the real row. */
    private String shadow = TortureDatabase.SHADOW_VALUE;
    private int episodeStepsLeft;
    private int episodes;
    private long serial;

    // Where statements ran: the holds in force now and at the previous answer, and that answer's backend.
    private Hold pin;
    private Hold transaction;
    private Hold previousPin;
    private Hold previousTransaction;
    private long previousConnection = -1;
    private String step = "login";
    private long statements;
    private long pairs;
    private long switches;
    private long startNanos;

    TortureClient(TortureProfile profile, TortureDatabase database, Connector connector, CountDownLatch ready,
            CompletableFuture<Long> deadline, Semaphore episodePermit) {
        this.profile = profile;
        this.database = database;
        this.connector = connector;
        this.ready = ready;
        this.deadline = deadline;
        this.episodePermit = episodePermit;
        this.random = new Random(profile.id());
        this.id = profile.id();
    }

    @Override
    public Outcome call() throws Exception {
        try {
            try {
                startNanos = System.nanoTime();
                session = connector.open(profile.library(), "torture-" + id);
                setUp();
            } catch (Exception | AssertionError e) {
                failures.add(failure(e));
            } finally {
                ready.countDown();
            }
            long end = deadline.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (failures.isEmpty()) {
                run(end);
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return new Outcome(profile, statements, committed, pairs, switches, episodes, failures);
    }

    /** Steps until {@code end} (System.nanoTime()), then ends a pinned episode under way. */
    private void run(long end) {
        try {
            while (System.nanoTime() - end < 0) {
                step();
            }
            if (episodeStepsLeft > 0) {
                endEpisode();
            }
        } catch (Exception | AssertionError e) {
            failures.add(failure(e));
        }
    }

    private void setUp() throws Exception {
        applySessionState();
        step = "first insert";
        insertCommitted("first");
        if (profile.role() == Role.RESIDENT) {
            step = "resident pin";
            pin = new Hold("the resident's pin");
            execute("SET @tt_v = 'c" + id + "-resident'");
            userVariable = "c" + id + "-resident";
            createShadow("c" + id + "-resident");
        }
        probe(0);
    }

    /** The replayable state, and the prepared statements, which depend on the schema and sql_mode in force. */
    private void applySessionState() throws Exception {
        step = "session state";
        execute("USE " + profile.schema());
        execute("SET sql_mode = '" + profile.sqlMode() + "'");
        execute("SET time_zone = '" + profile.timeZone() + "'");
        execute("SET NAMES " + profile.charset());
        execute("SET SESSION TRANSACTION ISOLATION LEVEL " + profile.isolation());
        lookup = prepare(LOOKUP);
        pipes = prepare(PIPES);
    }

    private void step() throws Exception {
        Step next = pick();
        step = next.name().toLowerCase();
        switch (next) {
            case PROBE -> probe(0);
            case LOOKUP -> lookup();
            case PIPES -> pipes();
            case TRANSACTION -> transaction();
            case INSERT -> insertAndReadBack();
            case FOUND_ROWS -> foundRows();
            case EPISODE -> startEpisode();
            default -> throw new IllegalStateException("bad step: " + next);
        }
        if (episodeStepsLeft > 0 && next != Step.EPISODE && --episodeStepsLeft == 0) {
            endEpisode();
        }
    }

    private Step pick() {
        int total = Arrays.stream(Step.values()).mapToInt(candidate -> candidate.weight).sum();
        int draw = random.nextInt(total);
        for (Step candidate : Step.values()) {
            draw -= candidate.weight;
            if (draw < 0) {
                return candidate != Step.EPISODE || profile.role() == Role.EPISODIC && episodeStepsLeft == 0
                        && episodePermit.tryAcquire() ? candidate : Step.PROBE;
            }
        }
        throw new IllegalStateException("draw beyond the weights");
    }

    /**
     * Everything the session state decides, in one statement: sql_mode, time zone, schema, character
     * set and collation, isolation, @tt_v, the shadow table, this client's rows ({@code pending} of
     * them uncommitted), other clients' uncommitted rows (never visible), LAST_INSERT_ID().
     */
    private void probe(int pending) throws Exception {
        String sql = "SELECT CONCAT_WS('|', CONNECTION_ID(), @@session.sql_mode, @@session.time_zone, "
                + "IFNULL(DATABASE(), '-'), @@session.character_set_client, @@session.collation_connection, "
                + "@@session." + database.isolationVariable() + ", IFNULL(@tt_v, '-'), "
                + "(SELECT GROUP_CONCAT(v ORDER BY v) FROM " + TortureDatabase.SHADOW + "), "
                + "(SELECT COUNT(*) FROM marks WHERE client = " + id + "), "
                + "(SELECT COUNT(*) FROM marks WHERE doomed = 1 AND client <> " + id + "), LAST_INSERT_ID())";
        List<String> expected = new ArrayList<>(List.of(database.sqlModeReadBack(profile.sqlMode()),
                profile.timeZone(), profile.schema()));
        expected.addAll(List.of(database.charsetReadBack(profile.charset()).split("\\|")));
        expected.addAll(List.of(profile.isolationReadBack(), userVariable == null ? "-" : userVariable, shadow,
                String.valueOf(committed + pending), "0", String.valueOf(lastInsertId)));
        check(sql, text(sql), expected);
    }

    private void lookup() throws Exception {
        String tag = "c" + id + "-l" + ++serial;
        long time = FIRST_TIME + (long) (random.nextDouble() * (LAST_TIME - FIRST_TIME));
        String local = LocalDateTime.ofEpochSecond(time, 0, ZoneOffset.of(profile.timeZone())).format(DATE_TIME);
        statements++;
        check(LOOKUP + " with " + tag + ", " + time + ", " + id, lookup.value(tag, time, (int) id),
                List.of(tag + "/" + profile.schema(), local, String.valueOf(committed)));
    }

    private void pipes() throws Exception {
        String left = "p" + id;
        String right = "q" + ++serial;
        boolean concatenates = database.sqlModeReadBack(profile.sqlMode()).contains("PIPES_AS_CONCAT");
        statements++;
        check(PIPES + " with " + left + ", " + right, pipes.value(left, right),
                List.of(concatenates ? left + right : "0"));
    }

    /**
     * BEGIN, one or two doomed rows (each checked visible to this client only, with LAST_INSERT_ID()),
     * then COMMIT (the rows undoomed first) or ROLLBACK, at random.
     */
    private void transaction() throws Exception {
        transaction = new Hold("a transaction");
        statements++;
        session.begin();
        List<Long> keys = new ArrayList<>();
        int rows = 1 + random.nextInt(2);
        for (int row = 0; row < rows; row++) {
            keys.add(insert("INSERT INTO marks (client, doomed, marker) VALUES (" + id + ", 1, 'c" + id + "-t"
                    + ++serial + "')"));
            probe(keys.size());
        }
        statements++;
        if (random.nextBoolean()) {
            execute("UPDATE marks SET doomed = 0 WHERE id IN ("
                    + keys.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")");
            session.commit();
            committed += keys.size();
        } else {
            session.rollback();
        }
        transaction = null;
    }

    /** An autocommit INSERT, then LAST_INSERT_ID() in a statement of its own, which may run on another backend. */
    private void insertAndReadBack() throws Exception {
        long key = insertCommitted("a" + ++serial);
        String sql = "SELECT CONCAT_WS('|', CONNECTION_ID(), LAST_INSERT_ID(), "
                + "(SELECT client FROM marks WHERE id = LAST_INSERT_ID()))";
        check(sql, text(sql), List.of(String.valueOf(key), String.valueOf(id)));
    }

    /** SQL_CALC_FOUND_ROWS with LIMIT 1, then FOUND_ROWS() in a statement of its own. */
    private void foundRows() throws Exception {
        String calc = "SELECT SQL_CALC_FOUND_ROWS CONCAT_WS('|', CONNECTION_ID(), marker) FROM marks WHERE client = "
                + id + " ORDER BY id LIMIT 1";
        check(calc, text(calc), List.of("c" + id + "-first"));
        String read = "SELECT CONCAT_WS('|', CONNECTION_ID(), FOUND_ROWS())";
        check(read, text(read), List.of(String.valueOf(committed)));
    }

    /** Pins this client for a few steps: a temporary table (JDBC clients) or a user variable (the protocol client). */
    private void startEpisode() throws Exception {
        episodes++;
        episodeStepsLeft = 5 + random.nextInt(11);
        pin = new Hold("episode " + episodes);
        String marker = "c" + id + "-e" + episodes;
        if (profile.library() == ClientLibrary.PROTOCOL_CLIENT) {
            execute("SET @tt_v = '" + marker + "'");
            userVariable = marker;
        } else {
            createShadow(marker);
        }
        probe(0);
    }

    /** Ends the pin: DROP TEMPORARY TABLE, or COM_RESET_CONNECTION and the session state again. */
    private void endEpisode() throws Exception {
        step = "episode end";
        episodeStepsLeft = 0;
        if (profile.library() == ClientLibrary.PROTOCOL_CLIENT) {
            statements++;
            session.resetConnection();
            userVariable = null;
            lastInsertId = 0;
            pin = null;
            applySessionState();
        } else {
            execute("DROP TEMPORARY TABLE " + TortureDatabase.SHADOW);
            shadow = TortureDatabase.SHADOW_VALUE;
            pin = null;
        }
        episodePermit.release();
        probe(0);
    }

    private void createShadow(String marker) throws Exception {
        execute("CREATE TEMPORARY TABLE " + TortureDatabase.SHADOW + " (v VARCHAR(64) NOT NULL)");
        execute("INSERT INTO " + TortureDatabase.SHADOW + " VALUES ('" + marker + "')");
        shadow = marker;
    }

    private long insertCommitted(String marker) throws Exception {
        long key = insert("INSERT INTO marks (client, doomed, marker) VALUES (" + id + ", 0, 'c" + id + "-" + marker
                + "')");
        committed++;
        return key;
    }

    private long insert(String sql) throws Exception {
        statements++;
        lastInsertId = session.insert(sql);
        return lastInsertId;
    }

    private void execute(String sql) throws Exception {
        statements++;
        session.execute(sql);
    }

    private SqlSession.Prepared prepare(String sql) throws Exception {
        statements++;
        return session.prepare(sql);
    }

    private String text(String sql) throws Exception {
        statements++;
        return session.value(sql);
    }

    /**
     * Checks an answer of the form {@code CONNECTION_ID|value|value...}: the values against
     * {@code expected}, the backend against the holds in force, and counts a backend switch when the
     * statement ran on another backend than this client's previous one while no hold spanned both.
     */
    private void check(String sql, String answer, List<String> expected) {
        List<String> fields = answer == null ? List.of() : List.of(answer.split("\\|", -1));
        long connection = fields.isEmpty() ? -1 : Long.parseLong(fields.get(0));
        if (!fields.subList(Math.min(1, fields.size()), fields.size()).equals(expected)) {
            throw new AssertionError("wrong answer to " + sql + "\n  expected " + expected + "\n  actual   "
                    + (fields.isEmpty() ? "null" : fields.subList(1, fields.size())) + where(connection));
        }
        for (Hold hold : new Hold[] {pin, transaction}) {
            if (hold != null && !hold.keeps(connection)) {
                throw new AssertionError("moved to another backend during " + hold.what + ", at " + sql
                        + where(connection) + ", held backend " + hold.connection);
            }
        }
        boolean spanned = pin != null && pin == previousPin
                || transaction != null && transaction == previousTransaction;
        if (previousConnection >= 0 && !spanned) {
            pairs++;
            if (connection != previousConnection) {
                switches++;
            }
        }
        previousConnection = connection;
        previousPin = pin;
        previousTransaction = transaction;
    }

    private String where(long connection) {
        return "\n  on CONNECTION_ID " + connection + ", previous statement's " + previousConnection;
    }

    /** A stretch in which every statement must run on one backend: a pin, or a transaction. */
    private static final class Hold {
        private final String what;
        /** The backend of the first answer in the hold; -1 before it. */
        private long connection = -1;

        Hold(String what) {
            this.what = what;
        }

        /** Whether an answer from {@code backend} keeps to the hold (the first answer sets it). */
        boolean keeps(long backend) {
            if (connection < 0) {
                connection = backend;
            }
            return connection == backend;
        }
    }

    private String failure(Throwable e) {
        return profile + "\n  failed in step '" + step + "' after " + statements + " statements, "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms: " + e;
    }
}
