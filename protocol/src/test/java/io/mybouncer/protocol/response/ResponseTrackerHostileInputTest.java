package io.mybouncer.protocol.response;

import static io.mybouncer.protocol.response.GoldenCapabilities.CLI;
import static io.mybouncer.protocol.response.GoldenCapabilities.DEPRECATE_EOF;
import static io.mybouncer.protocol.response.TestPackets.filled;
import static io.mybouncer.protocol.response.TestPackets.packet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.response.ResponseTracker.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Wrong sequence ids, impossible headers, truncation, misuse, and 0xFFFFFF continuations. */
class ResponseTrackerHostileInputTest {
    private final List<Packet> allocated = new ArrayList<>();

    @AfterEach
    void releasePackets() {
        allocated.forEach(Packet::release);
    }

    private Packet keep(Packet packet) {
        allocated.add(packet);
        return packet;
    }

    private List<Packet> vector(String name) {
        List<Packet> packets = GoldenVectors.packets("response/" + name);
        allocated.addAll(packets);
        return packets;
    }

    private static ResponseTracker begun(ExpectedResponse expected) {
        ResponseTracker tracker = new ResponseTracker(CLI);
        tracker.begin(expected);
        return tracker;
    }

    @Test
    void rejectsWrongSequenceIdNamingExpectedAndActual() {
        List<Packet> packets = vector("text-resultset-eof");
        ResponseTracker tracker = new ResponseTracker(CLI);
        tracker.begin(ExpectedResponse.of(packets.get(0).payload()));
        tracker.feed(packets.get(1));
        assertThatThrownBy(() -> tracker.feed(packets.get(3)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("response packet 2")
                .hasMessageContaining("sequence id: 3 (expected: 2)");
    }

    @Test
    void rejectsFirstPacketWithSequenceIdZero() {
        ResponseTracker tracker = begun(ExpectedResponse.OK);
        assertThatThrownBy(() -> tracker.feed(keep(packet(0, 0x00, 0, 0, 2, 0, 0, 0))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("sequence id: 0 (expected: 1)");
    }

    @Test
    void rejectsUnexpectedHeaderNamingStateHeaderAndPacketNumber() {
        ResponseTracker tracker = begun(ExpectedResponse.TEXT_RESULT);
        tracker.feed(keep(packet(1, 0x02, 0x01)));
        assertThatThrownBy(() -> tracker.feed(keep(packet(2, 0xFE, 0, 0, 2, 0))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("response packet 2 in state COLUMN_DEFS")
                .hasMessageContaining("header: 0xFE");
    }

    @Test
    void rejectsBinaryRowThatDoesNotStartWithZero() {
        ResponseTracker tracker = begun(ExpectedResponse.FETCH);
        tracker.feed(keep(packet(1, 0x00, 0x00, 0x01, 0, 0, 0)));
        assertThatThrownBy(() -> tracker.feed(keep(packet(2, 0x05, 0x00))))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("state ROWS").hasMessageContaining("header: 0x05");
    }

    @Test
    void rejectsOkWhereOnlyOkOrErrMayComeButNotAColumnCount() {
        ResponseTracker tracker = begun(ExpectedResponse.OK);
        assertThatThrownBy(() -> tracker.feed(keep(packet(1, 0x01))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("header: 0x01 (expected: OK or ERR)");
    }

    @Test
    void rejectsTruncatedOk() {
        ResponseTracker tracker = begun(ExpectedResponse.OK);
        assertThatThrownBy(() -> tracker.feed(keep(packet(1, 0x00, 0x00, 0x00, 0x02))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("status flags");
    }

    @Test
    void rejectsColumnCountWithTrailingBytesOrZero() {
        // CLI negotiated MARIADB_CLIENT_CACHE_METADATA: count, then the metadata-follows byte.
        assertThatThrownBy(() -> begun(ExpectedResponse.TEXT_RESULT).feed(keep(packet(1, 0x01, 0x01, 0x00))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("column count");
        assertThatThrownBy(() -> begun(ExpectedResponse.TEXT_RESULT).feed(keep(packet(1, 0xFC, 0x00, 0x00, 0x01))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("column count");
    }

    @Test
    void rejectsPacketsWhenNoResponseIsInFlight() {
        ResponseTracker tracker = new ResponseTracker(CLI);
        assertThatThrownBy(() -> tracker.feed(keep(packet(1, 0x00))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("no response in flight");
        assertThat(tracker.begin(ExpectedResponse.NONE)).isEqualTo(Progress.DONE);
        assertThat(tracker.end()).isEqualTo(ResponseEnd.none());
        assertThatThrownBy(() -> tracker.feed(keep(packet(1, 0x00))))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsClientPacketWhenItIsTheServersTurn() {
        ResponseTracker tracker = begun(ExpectedResponse.TEXT_RESULT);
        assertThatThrownBy(() -> tracker.feedClientData(keep(packet(1, 0x31))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("client packet");
    }

    @Test
    void isIdleAfterAProtocolErrorAndCanBeginAgain() {
        ResponseTracker tracker = begun(ExpectedResponse.OK);
        assertThatThrownBy(() -> tracker.feed(keep(packet(1, 0x42)))).isInstanceOf(ProtocolException.class);
        tracker.begin(ExpectedResponse.OK);
        assertThat(tracker.feed(keep(packet(1, 0x00, 0, 0, 2, 0, 0, 0)))).isEqualTo(Progress.DONE);
    }

    @Test
    void refusesMisuseAsIllegalState() {
        ResponseTracker tracker = begun(ExpectedResponse.TEXT_RESULT);
        assertThatThrownBy(tracker::end).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tracker.begin(ExpectedResponse.OK)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void readsNothingInAContinuationNotEvenAnErrHeader() {
        ResponseTracker tracker = resultSetReadyForRows(CLI);
        // A text row of 2^24 + 4 bytes: a 0xFFFFFF packet, then the rest, which starts with 0xFF.
        assertThat(tracker.feed(keep(filled(4, Packet.MAX_PAYLOAD, 0xFE, 0x61)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(filled(5, 5, 0xFF, 0x61)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(packet(6, 0xFE, 0, 0, 2, 0)))).isEqualTo(Progress.DONE);
        assertThat(tracker.end().kind()).isEqualTo(ResponseEnd.Kind.EOF);
    }

    @Test
    void takesAnEmptyPacketAfterAFullOneAsContinuationNotAsRow() {
        ResponseTracker tracker = resultSetReadyForRows(CLI);
        assertThat(tracker.feed(keep(filled(4, Packet.MAX_PAYLOAD, 0xFE, 0x61)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(filled(5, 0, 0, 0)))).isEqualTo(Progress.MORE);
        assertThatThrownBy(() -> tracker.feed(keep(filled(6, 0, 0, 0))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("empty packet");
    }

    @Test
    void takesAFull0xFEPacketAsRowUnderDeprecateEof() {
        ResponseTracker tracker = new ResponseTracker(DEPRECATE_EOF);
        tracker.begin(ExpectedResponse.TEXT_RESULT);
        tracker.feed(keep(packet(1, 0x01, 0x01)));
        tracker.feed(keep(columnDefinition(2)));
        assertThat(tracker.feed(keep(filled(3, Packet.MAX_PAYLOAD, 0xFE, 0x61)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(filled(4, 9, 0x61, 0x61)))).isEqualTo(Progress.MORE);
        // A 0xFE packet longer than 9 bytes (session-state info) is still the terminator.
        assertThat(tracker.feed(keep(packet(5, 0xFE, 0, 0, 0x02, 0x40, 0, 0, 0x00, 0x07, 0x01, 0x05, 0x04,
                't', 'e', 's', 't')))).isEqualTo(Progress.DONE);
        assertThat(tracker.end().sessionStateChanges()).containsExactly(new SessionStateChange.Schema("test"));
    }

    @Test
    void keepsLocalInfileDataGoingAcrossAFullPacketAndItsEmptyTail() {
        ResponseTracker tracker = begun(ExpectedResponse.TEXT_RESULT);
        assertThat(tracker.feed(keep(packet(1, 0xFB, 'x')))).isEqualTo(Progress.AWAITING_CLIENT_DATA);
        assertThat(tracker.feedClientData(keep(filled(2, Packet.MAX_PAYLOAD, 0x31, 0x31))))
                .isEqualTo(Progress.AWAITING_CLIENT_DATA);
        assertThat(tracker.feedClientData(keep(filled(3, 0, 0, 0)))).isEqualTo(Progress.AWAITING_CLIENT_DATA);
        assertThat(tracker.feedClientData(keep(filled(4, 0, 0, 0)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(packet(5, 0x00, 0x01, 0x00, 0x02, 0x00, 0, 0)))).isEqualTo(Progress.DONE);
    }

    @Test
    void endsAnExecuteWithCursorAtTheEofThatSaysCursorExists() {
        ResponseTracker tracker = new ResponseTracker(CLI);
        tracker.begin(ExpectedResponse.BINARY_RESULT_CURSOR);
        tracker.feed(keep(packet(1, 0x01, 0x01)));
        tracker.feed(keep(columnDefinition(2)));
        assertThat(tracker.feed(keep(packet(3, 0xFE, 0, 0, 0x42, 0)))).isEqualTo(Progress.DONE);
        assertThat(tracker.end().cursorOpen()).isTrue();
    }

    @Test
    void readsRowsAfterAnExecuteWithCursorWhenTheServerOpenedNone() {
        ResponseTracker tracker = new ResponseTracker(CLI);
        tracker.begin(ExpectedResponse.BINARY_RESULT_CURSOR);
        tracker.feed(keep(packet(1, 0x01, 0x01)));
        tracker.feed(keep(columnDefinition(2)));
        assertThat(tracker.feed(keep(packet(3, 0xFE, 0, 0, 0x02, 0)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(packet(4, 0x00, 0x00, 0x01, 0, 0, 0)))).isEqualTo(Progress.MORE);
        assertThat(tracker.feed(keep(packet(5, 0xFE, 0, 0, 0x02, 0)))).isEqualTo(Progress.DONE);
    }

    @Test
    void followsAuthMoreDataWithEitherSide() {
        Consumer<ResponseTracker> fastAuth = tracker -> {
            assertThat(tracker.feed(keep(packet(1, 0x01, 0x03)))).isEqualTo(Progress.MORE);
            assertThat(tracker.feed(keep(packet(2, 0x00, 0, 0, 2, 0, 0, 0)))).isEqualTo(Progress.DONE);
        };
        Consumer<ResponseTracker> fullAuth = tracker -> {
            assertThat(tracker.feed(keep(packet(1, 0x01, 0x04)))).isEqualTo(Progress.MORE);
            assertThat(tracker.feedClientData(keep(packet(2, 's', 0)))).isEqualTo(Progress.MORE);
            assertThat(tracker.feed(keep(packet(3, 0x00, 0, 0, 2, 0, 0, 0)))).isEqualTo(Progress.DONE);
        };
        for (Consumer<ResponseTracker> exchange : List.of(fastAuth, fullAuth)) {
            ResponseTracker tracker = begun(ExpectedResponse.AUTHENTICATION);
            exchange.accept(tracker);
            assertThat(tracker.end().kind()).isEqualTo(ResponseEnd.Kind.OK);
        }
    }

    @Test
    void treatsProgressReportAsErrorWithoutTheMariaDbCapability() {
        ResponseTracker tracker = new ResponseTracker(CLI.without(
                Capability.MARIADB_CLIENT_PROGRESS));
        tracker.begin(ExpectedResponse.TEXT_RESULT);
        assertThat(tracker.feed(keep(packet(1, 0xFF, 0xFF, 0xFF, 0x01, 1, 2, 0, 0, 0, 0)))).isEqualTo(Progress.DONE);
        assertThat(tracker.end().errorCode()).isEqualTo(0xFFFF);
    }

    /** A text result set of one column, its column definition and EOF fed: rows come next (seq 4). */
    private ResponseTracker resultSetReadyForRows(CapabilitySet caps) {
        ResponseTracker tracker = new ResponseTracker(caps);
        tracker.begin(ExpectedResponse.TEXT_RESULT);
        tracker.feed(keep(packet(1, 0x01, 0x01)));
        tracker.feed(keep(columnDefinition(2)));
        tracker.feed(keep(packet(3, 0xFE, 0, 0, 2, 0)));
        return tracker;
    }

    /** Column "a" of type LONG; only its first byte (the length of "def") matters to the tracker. */
    private static Packet columnDefinition(int sequenceId) {
        return packet(sequenceId, 0x03, 'd', 'e', 'f', 0, 0, 0, 0x01, 'a', 0, 0, 0x0C, 0x3F, 0, 11, 0, 0, 0,
                0x03, 0, 0, 0, 0, 0);
    }
}
