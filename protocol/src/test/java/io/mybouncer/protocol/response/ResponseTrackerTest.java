package io.mybouncer.protocol.response;

import static io.mybouncer.protocol.response.GoldenCapabilities.CLI;
import static io.mybouncer.protocol.response.GoldenCapabilities.DEPRECATE_EOF;
import static io.mybouncer.protocol.response.GoldenCapabilities.MARIADB_CONNECTOR_J;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL8;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL8_OPTIONAL_METADATA;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL8_OPTIONAL_METADATA_EOF;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL_CONNECTOR_J;
import static io.mybouncer.protocol.response.GoldenCapabilities.NO_SESSION_TRACK;
import static io.mybouncer.protocol.response.GoldenCapabilities.PRE_41;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.response.ResponseTracker.Progress;
import io.mybouncer.protocol.response.SessionStateChange.Gtids;
import io.mybouncer.protocol.response.SessionStateChange.Schema;
import io.mybouncer.protocol.response.SessionStateChange.StateChange;
import io.mybouncer.protocol.response.SessionStateChange.SystemVariable;
import io.mybouncer.protocol.response.SessionStateChange.TransactionCharacteristics;
import io.mybouncer.protocol.response.SessionStateChange.TransactionState;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every captured response shape through the tracker, packet by packet. */
class ResponseTrackerTest {
    private static final ServerStatus AUTOCOMMIT = new ServerStatus(ServerStatus.AUTOCOMMIT);
    private static final ServerStatus AUTOCOMMIT_NO_INDEX =
            new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.QUERY_NO_INDEX_USED);
    private static final ServerStatus STATE_CHANGED =
            new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.SESSION_STATE_CHANGED);
    private static final ResponseEnd OK = ResponseEnd.ok(AUTOCOMMIT, 0, 0, 0, List.of());
    private static final ResponseEnd EOF = ResponseEnd.eof(AUTOCOMMIT, 0, List.of());
    private static final String ROWS_MATCHED = "Rows matched: 2  Changed: 1  Warnings: 0";

    static Stream<Arguments> vectors() {
        return Stream.of(
                arguments("ok-set-autocommit", CLI, ResponseEnd.ok(new ServerStatus(ServerStatus.SESSION_STATE_CHANGED),
                        0, 0, 0, List.of(new SystemVariable("autocommit", "OFF")))),
                arguments("ok-set-time-zone", CLI, ResponseEnd.ok(STATE_CHANGED, 0, 0, 0,
                        List.of(new SystemVariable("time_zone", "+01:00")))),
                arguments("ok-state-change", CLI, ResponseEnd.ok(STATE_CHANGED, 0, 0, 0, List.of(new StateChange(true)))),
                arguments("ok-use-schema", CLI, ResponseEnd.ok(STATE_CHANGED, 0, 0, 0, List.of(new Schema("test")))),
                arguments("ok-update-info", CLI, ResponseEnd.ok(AUTOCOMMIT, 1, 0, 0, List.of())),
                arguments("ok-update-info-no-session-track", NO_SESSION_TRACK, ResponseEnd.ok(AUTOCOMMIT, 1, 0, 0, List.of())),
                arguments("ok-pre41", PRE_41, ResponseEnd.ok(AUTOCOMMIT, 1, 0, 0, List.of())),
                arguments("err-no-sqlstate-marker", PRE_41, ResponseEnd.err(1146, null,
                        "Table 'test.no_such_table' doesn't exist", List.of())),
                arguments("err-no-such-table", CLI, ResponseEnd.err(1146, "42S02",
                        "Table 'test.no_such_table' doesn't exist", List.of())),
                arguments("err-after-rows", CLI, ResponseEnd.err(1644, "45000", "third row refused", List.of())),
                arguments("ping", CLI, OK),
                arguments("init-db", CLI, ResponseEnd.ok(STATE_CHANGED, 0, 0, 0, List.of(new Schema("mysql")))),
                arguments("reset-connection", CLI, OK),
                arguments("stmt-reset", CLI, OK),
                arguments("statistics", CLI, ResponseEnd.statistics()),
                arguments("set-option-eof", CLI, EOF),
                arguments("set-option-deprecate-eof", DEPRECATE_EOF, OK),
                arguments("debug-eof", CLI, EOF),
                arguments("debug-deprecate-eof", DEPRECATE_EOF, OK),
                arguments("field-list-eof", CLI, EOF),
                arguments("field-list-deprecate-eof", DEPRECATE_EOF, OK),
                arguments("text-resultset-eof", CLI, ResponseEnd.eof(AUTOCOMMIT_NO_INDEX, 0, List.of())),
                arguments("text-resultset-deprecate-eof", MARIADB_CONNECTOR_J,
                        ResponseEnd.ok(AUTOCOMMIT_NO_INDEX, 0, 0, 0, List.of())),
                arguments("call-two-resultsets", CLI, OK),
                arguments("call-two-resultsets-deprecate-eof", DEPRECATE_EOF, OK),
                arguments("multi-statement", CLI, EOF),
                arguments("multi-statement-deprecate-eof", DEPRECATE_EOF, OK),
                arguments("prepare-eof", CLI, ResponseEnd.prepared(2, AUTOCOMMIT, 0)),
                arguments("prepare-deprecate-eof", DEPRECATE_EOF, ResponseEnd.prepared(10, null, 0)),
                arguments("prepare-mysql-connector-j", MYSQL_CONNECTOR_J, ResponseEnd.prepared(3, null, 0)),
                arguments("execute-cached-metadata", CLI, EOF),
                arguments("execute-cached-metadata-deprecate-eof", DEPRECATE_EOF, OK),
                arguments("execute-cursor", MYSQL_CONNECTOR_J, ResponseEnd.ok(
                        new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.CURSOR_EXISTS), 0, 0, 0, List.of())),
                arguments("fetch-rows", MYSQL_CONNECTOR_J, ResponseEnd.ok(
                        new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.CURSOR_EXISTS), 0, 0, 0, List.of())),
                arguments("fetch-last-row", MYSQL_CONNECTOR_J, ResponseEnd.ok(
                        new ServerStatus(ServerStatus.AUTOCOMMIT | ServerStatus.LAST_ROW_SENT), 0, 0, 0, List.of())),
                arguments("change-user-auth-switch", CLI, ResponseEnd.ok(STATE_CHANGED, 0, 0, 0, List.of(new Schema("test")))),
                arguments("local-infile", CLI, ResponseEnd.ok(AUTOCOMMIT, 2, 0, 0, List.of())),
                arguments("progress-alter-table", CLI, ResponseEnd.ok(AUTOCOMMIT, 1_000_000, 0, 0, List.of())),
                arguments("mysql8-ok-transaction-characteristics", MYSQL8, ResponseEnd.ok(new ServerStatus(
                        ServerStatus.IN_TRANS | ServerStatus.AUTOCOMMIT | ServerStatus.IN_TRANS_READONLY
                                | ServerStatus.SESSION_STATE_CHANGED), 0, 0, 0, List.of(
                        new TransactionCharacteristics("START TRANSACTION READ ONLY;"),
                        new TransactionState("T_______")))),
                arguments("mysql8-ok-gtids", MYSQL8, ResponseEnd.ok(STATE_CHANGED, 0, 0, 0, List.of(
                        new Gtids(0, "3e11fa47-71ca-11e1-9e33-c80aa9429562:23"),
                        new TransactionCharacteristics(""), new TransactionState("________")))),
                arguments("mysql8-optional-metadata-none", MYSQL8_OPTIONAL_METADATA, OK),
                arguments("mysql8-optional-metadata-none-eof", MYSQL8_OPTIONAL_METADATA_EOF, EOF));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void tracksCapturedResponseToItsLastPacket(String name, CapabilitySet caps, ResponseEnd expected) {
        List<Packet> packets = GoldenVectors.packets("response/" + name);
        try {
            ResponseTracker tracker = new ResponseTracker(caps);
            assertThat(feedExchange(tracker, packets)).isEqualTo(expected);
        } finally {
            packets.forEach(Packet::release);
        }
    }

    static Stream<Arguments> okPackets() {
        return Stream.of(
                arguments("ok-set-time-zone", CLI, List.of(1)),
                arguments("ping", CLI, List.of(1)),
                arguments("call-two-resultsets", CLI, List.of(11)),
                arguments("call-two-resultsets-deprecate-eof", DEPRECATE_EOF, List.of(4, 8, 9)),
                arguments("multi-statement", CLI, List.of()),
                arguments("multi-statement-deprecate-eof", DEPRECATE_EOF, List.of(4, 8)),
                arguments("text-resultset-eof", CLI, List.of()),
                arguments("text-resultset-deprecate-eof", MARIADB_CONNECTOR_J, List.of(8)),
                arguments("field-list-eof", CLI, List.of()),
                arguments("field-list-deprecate-eof", DEPRECATE_EOF, List.of(4)),
                arguments("prepare-eof", CLI, List.of()),
                arguments("prepare-deprecate-eof", DEPRECATE_EOF, List.of()),
                arguments("execute-cursor", MYSQL_CONNECTOR_J, List.of(4)),
                arguments("err-after-rows", CLI, List.of()),
                arguments("err-no-such-table", CLI, List.of()),
                arguments("local-infile", CLI, List.of(5)),
                arguments("change-user-auth-switch", CLI, List.of(3)),
                arguments("statistics", CLI, List.of()));
    }

    /** Which packets of a vector (0 is the command) the tracker reports as OK packets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("okPackets")
    void reportsEveryOkPacketAndNothingElse(String name, CapabilitySet caps, List<Integer> expected) {
        List<Packet> packets = GoldenVectors.packets("response/" + name);
        try {
            ResponseTracker tracker = new ResponseTracker(caps);
            Progress progress = tracker.begin(ExpectedResponse.of(packets.get(0).payload()));
            List<Integer> oks = new ArrayList<>();
            for (int i = 1; i < packets.size(); i++) {
                progress = progress == Progress.AWAITING_CLIENT_DATA
                        ? tracker.feedClientData(packets.get(i)) : tracker.feed(packets.get(i));
                if (tracker.lastPacketWasOk()) {
                    oks.add(i);
                }
            }
            assertThat(progress).isEqualTo(Progress.DONE);
            assertThat(oks).isEqualTo(expected);
            tracker.begin(ExpectedResponse.OK);
            assertThat(tracker.lastPacketWasOk()).as("after begin").isFalse();
        } finally {
            packets.forEach(Packet::release);
        }
    }

    @Test
    void oneTrackerFollowsConsecutiveResponsesOnOneConnection() {
        ResponseTracker tracker = new ResponseTracker(CLI);
        List<ResponseEnd> ends = new ArrayList<>();
        for (String name : List.of("text-resultset-eof", "err-after-rows", "ok-set-time-zone", "local-infile",
                "call-two-resultsets", "prepare-eof", "execute-cached-metadata", "statistics", "ping")) {
            List<Packet> packets = GoldenVectors.packets("response/" + name);
            try {
                ends.add(feedExchange(tracker, packets));
            } finally {
                packets.forEach(Packet::release);
            }
        }
        assertThat(ends).extracting(ResponseEnd::kind).containsExactly(ResponseEnd.Kind.EOF, ResponseEnd.Kind.ERR,
                ResponseEnd.Kind.OK, ResponseEnd.Kind.OK, ResponseEnd.Kind.OK, ResponseEnd.Kind.PREPARED,
                ResponseEnd.Kind.EOF, ResponseEnd.Kind.STATISTICS, ResponseEnd.Kind.OK);
        assertThat(ends.get(2).sessionStateChanges()).containsExactly(new SystemVariable("time_zone", "+01:00"));
    }

    @Test
    void reportsLocalInfileTurnsAndIgnoresTheProgressReport() {
        List<Packet> packets = GoldenVectors.packets("response/local-infile");
        try {
            ResponseTracker tracker = new ResponseTracker(CLI);
            tracker.begin(ExpectedResponse.of(packets.get(0).payload()));
            assertThat(tracker.feed(packets.get(1))).isEqualTo(Progress.AWAITING_CLIENT_DATA);
            assertThat(tracker.feedClientData(packets.get(2))).isEqualTo(Progress.AWAITING_CLIENT_DATA);
            assertThat(tracker.feedClientData(packets.get(3))).isEqualTo(Progress.MORE);
            assertThat(tracker.feed(packets.get(4))).isEqualTo(Progress.MORE);
            assertThat(tracker.isDone()).isFalse();
            assertThat(tracker.feed(packets.get(5))).isEqualTo(Progress.DONE);
        } finally {
            packets.forEach(Packet::release);
        }
    }

    @Test
    void collectsSessionStateFromEveryOkOfAMultiStatementResponse() {
        ResponseTracker tracker = new ResponseTracker(CLI);
        tracker.begin(ExpectedResponse.TEXT_RESULT);
        int moreResults = ServerStatus.AUTOCOMMIT | ServerStatus.MORE_RESULTS_EXISTS | ServerStatus.SESSION_STATE_CHANGED;
        Packet useTest = TestPackets.packet(1, 0x00, 0x00, 0x00, moreResults & 0xFF, moreResults >> 8, 0, 0,
                0x00, 0x07, 0x01, 0x05, 0x04, 't', 'e', 's', 't');
        Packet err = TestPackets.packet(2, 0xFF, 0x7A, 0x04, '#', '4', '2', 'S', '0', '2', 'x');
        try {
            assertThat(tracker.feed(useTest)).isEqualTo(Progress.MORE);
            assertThat(tracker.feed(err)).isEqualTo(Progress.DONE);
            assertThat(tracker.end()).isEqualTo(ResponseEnd.err(1146, "42S02", "x", List.of(new Schema("test"))));
            assertThat(tracker.end().status()).isNull();
        } finally {
            useTest.release();
            err.release();
        }
    }

    @Test
    void endsAtErrAmongOrJustAfterTheColumnDefinitions() {
        ResponseEnd lockWaitTimeout = ResponseEnd.err(1205, "HY000", "Lock wait timeout exceeded", List.of());
        int[] err = {0xFF, 0xB5, 0x04, '#', 'H', 'Y', '0', '0', '0', 'L', 'o', 'c', 'k', ' ', 'w', 'a', 'i', 't', ' ',
            't', 'i', 'm', 'e', 'o', 'u', 't', ' ', 'e', 'x', 'c', 'e', 'e', 'd', 'e', 'd'};
        int[] column = {0x03, 'd', 'e', 'f', 0, 0, 0, 0x01, 'a', 0, 0, 0x0C, 0x3F, 0, 11, 0, 0, 0, 0x03, 0, 0, 0, 0, 0};
        for (int errAt = 2; errAt <= 4; errAt++) {
            ResponseTracker tracker = new ResponseTracker(CLI);
            tracker.begin(ExpectedResponse.TEXT_RESULT);
            List<Packet> packets = new ArrayList<>(List.of(TestPackets.packet(1, 0x02, 0x01),
                    TestPackets.packet(2, column), TestPackets.packet(3, column), TestPackets.packet(4, 0xFE, 0, 0, 2, 0)));
            packets.set(errAt - 1, TestPackets.packet(errAt, err));
            try {
                for (Packet packet : packets.subList(0, errAt - 1)) {
                    assertThat(tracker.feed(packet)).isEqualTo(Progress.MORE);
                }
                assertThat(tracker.feed(packets.get(errAt - 1))).as("ERR as packet %d", errAt).isEqualTo(Progress.DONE);
                assertThat(tracker.end()).isEqualTo(lockWaitTimeout);
            } finally {
                packets.forEach(Packet::release);
            }
        }
    }

    @Test
    void endsAPrepareAtItsErr() {
        ResponseTracker tracker = new ResponseTracker(DEPRECATE_EOF);
        tracker.begin(ExpectedResponse.PREPARE);
        Packet err = TestPackets.packet(1, 0xFF, 0x28, 0x04, '#', '4', '2', '0', '0', '0', 'x');
        try {
            assertThat(tracker.feed(err)).isEqualTo(Progress.DONE);
            assertThat(tracker.end()).isEqualTo(ResponseEnd.err(1064, "42000", "x", List.of()));
        } finally {
            err.release();
        }
    }

    /**
     * Feeds the command (packet 0) and the response; while the tracker awaits the client, the
     * vector's next packets are the client's. Asserts the response is not done before its last packet
     * and that no reader index moves.
     */
    static ResponseEnd feedExchange(ResponseTracker tracker, List<Packet> packets) {
        Progress progress = tracker.begin(ExpectedResponse.of(packets.get(0).payload()));
        for (int i = 1; i < packets.size(); i++) {
            assertThat(progress).as("progress before packet %d of %d", i, packets.size() - 1)
                    .isNotEqualTo(Progress.DONE);
            Packet packet = packets.get(i);
            int readerIndex = packet.payload().readerIndex();
            progress = progress == Progress.AWAITING_CLIENT_DATA ? tracker.feedClientData(packet) : tracker.feed(packet);
            assertThat(packet.payload().readerIndex()).isEqualTo(readerIndex);
        }
        assertThat(progress).isEqualTo(Progress.DONE);
        assertThat(tracker.isDone()).isTrue();
        return tracker.end();
    }
}
