package io.mybouncer.protocol.packet;

import static io.mybouncer.protocol.response.GoldenCapabilities.CLI;
import static io.mybouncer.protocol.response.GoldenCapabilities.DEPRECATE_EOF;
import static io.mybouncer.protocol.response.GoldenCapabilities.MYSQL8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OkPacketTranslationTest {
    /**
     * A SET that changed a tracked system variable, with the schema and state-change entries MariaDB adds
     * when session_track_schema and session_track_state_change report too (as after COM_CHANGE_USER);
     * entry layouts as in the captures ok-set-time-zone, ok-use-schema and ok-state-change.
     */
    private static final String SET_WITH_THREE_ENTRIES = """
            00                                # header 0x00: OK
            00                                # affected rows: int<lenenc> 0
            00                                # last insert id: int<lenenc> 0
            02 40                             # status flags 0x4002 AUTOCOMMIT|SESSION_STATE_CHANGED
            00 00                             # warnings: int<2> 0
            00                                # info: string<lenenc> ''
            1d                                # session state info length: int<lenenc> 29
            00                                # session state type 0: SESSION_TRACK_SYSTEM_VARIABLES
            11                                #   data length: int<lenenc> 17
            09 74 69 6d 65 5f 7a 6f 6e 65     #   variable name: string<lenenc> 'time_zone'
            06 2b 30 31 3a 30 30              #   variable value: string<lenenc> '+01:00'
            01                                # session state type 1: SESSION_TRACK_SCHEMA
            05                                #   data length: int<lenenc> 5
            04 74 65 73 74                    #   value: string<lenenc> 'test'
            02                                # session state type 2: SESSION_TRACK_STATE_CHANGE
            01                                #   data length: int<lenenc> 1
            31                                #   '1'
            """;
    private static final String SET_WITH_THREE_ENTRIES_TRANSLATED = "00 00 00 02 00 00 00";

    /** An UPDATE in a transaction with session_track_transaction_info=STATE: info and state together. */
    private static final String UPDATE_IN_TRANSACTION = """
            00                                # header 0x00: OK
            01                                # affected rows: int<lenenc> 1
            00                                # last insert id: int<lenenc> 0
            03 40                             # status flags 0x4003 IN_TRANS|AUTOCOMMIT|SESSION_STATE_CHANGED
            00 00                             # warnings: int<2> 0
            28 52 6f 77 73 20 6d 61 74 63 68  # info: string<lenenc> 'Rows matched: 1  Changed: 1  Warnings: 0'
            65 64 3a 20 31 20 20 43 68 61 6e
            67 65 64 3a 20 31 20 20 57 61 72
            6e 69 6e 67 73 3a 20 30
            0b                                # session state info length: int<lenenc> 11
            05                                # session state type 5: SESSION_TRACK_TRANSACTION_STATE
            09                                #   data length: int<lenenc> 9
            08 54 5f 5f 5f 57 5f 5f 5f        #   value: string<lenenc> 'T___W___'
            """;
    private static final String UPDATE_IN_TRANSACTION_TRANSLATED = """
            00 01 00 03 00 00 00
            28 52 6f 77 73 20 6d 61 74 63 68 65 64 3a 20 31 20 20 43 68 61 6e
            67 65 64 3a 20 31 20 20 57 61 72 6e 69 6e 67 73 3a 20 30
            """;

    /** The 0xFE OK that ends the rows of {@code SELECT @a := 1} under CLIENT_DEPRECATE_EOF, state change on. */
    private static final String TERMINATOR_WITH_STATE_CHANGE = """
            fe                                # header 0xFE: OK that ends the result set
            00                                # affected rows: int<lenenc> 0
            00                                # last insert id: int<lenenc> 0
            02 40                             # status flags 0x4002 AUTOCOMMIT|SESSION_STATE_CHANGED
            00 00                             # warnings: int<2> 0
            00                                # info: string<lenenc> ''
            03                                # session state info length: int<lenenc> 3
            02 01 31                          # SESSION_TRACK_STATE_CHANGE '1'
            """;
    private static final String TERMINATOR_WITH_STATE_CHANGE_TRANSLATED = "fe 00 00 02 00 00 00";

    /** The intermediate OK of {@code USE test; SELECT 1}: more results follow. */
    private static final String INTERMEDIATE_USE = """
            00                                # header 0x00: OK
            00                                # affected rows: int<lenenc> 0
            00                                # last insert id: int<lenenc> 0
            0a 40                             # status flags 0x400A AUTOCOMMIT|MORE_RESULTS_EXISTS|SESSION_STATE_CHANGED
            00 00                             # warnings: int<2> 0
            00                                # info: string<lenenc> ''
            07                                # session state info length: int<lenenc> 7
            01 05 04 74 65 73 74              # SESSION_TRACK_SCHEMA 'test'
            """;
    private static final String INTERMEDIATE_USE_TRANSLATED = "00 00 00 0a 00 00 00";

    /** Counts in their longer length-encoded forms are copied, not re-encoded. */
    private static final String WIDE_COUNTS = """
            00                                # header 0x00: OK
            fc 2c 01                          # affected rows: int<lenenc> 300
            fd 01 00 01                       # last insert id: int<lenenc> 65537
            02 40                             # status flags 0x4002 AUTOCOMMIT|SESSION_STATE_CHANGED
            02 00                             # warnings: int<2> 2
            00                                # info: string<lenenc> ''
            03 02 01 31                       # session state: SESSION_TRACK_STATE_CHANGE '1'
            """;
    private static final String WIDE_COUNTS_TRANSLATED = "00 fc 2c 01 fd 01 00 01 02 00 02 00";

    static Stream<Arguments> translated() {
        return Stream.of(
                arguments("SET with three entries", SET_WITH_THREE_ENTRIES, SET_WITH_THREE_ENTRIES_TRANSLATED, CLI),
                arguments("UPDATE in a transaction", UPDATE_IN_TRANSACTION, UPDATE_IN_TRANSACTION_TRANSLATED, CLI),
                arguments("0xFE terminator", TERMINATOR_WITH_STATE_CHANGE, TERMINATOR_WITH_STATE_CHANGE_TRANSLATED,
                        DEPRECATE_EOF),
                arguments("intermediate OK", INTERMEDIATE_USE, INTERMEDIATE_USE_TRANSLATED, CLI),
                arguments("wide counts", WIDE_COUNTS, WIDE_COUNTS_TRANSLATED, CLI));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("translated")
    void dropsTheSessionStateAndItsFlag(String name, String tracked, String expected, CapabilitySet caps) {
        byte[] payload = GoldenVectors.parseHex(tracked);
        assertThat(GoldenVectors.decode(payload, OkPacketTranslation::needsTranslation)).isTrue();
        byte[] result = translate(payload);
        assertThat(ByteBufUtil.hexDump(result)).isEqualTo(ByteBufUtil.hexDump(GoldenVectors.parseHex(expected)));
        assertDecodesAlike(payload, caps, result);
    }

    /** The captured OKs with session state: what a client without session tracking decodes from them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("capturedWithSessionState")
    void translatesCapturedOksWithSessionState(String vector, CapabilitySet caps) {
        byte[] payload = responsePayload(vector);
        assertThat(GoldenVectors.decode(payload, OkPacketTranslation::needsTranslation)).isTrue();
        byte[] result = translate(payload);
        assertThat(result).hasSize(7);
        assertDecodesAlike(payload, caps, result);
    }

    static Stream<Arguments> capturedWithSessionState() {
        return Stream.of(arguments("ok-set-autocommit", CLI), arguments("ok-set-time-zone", CLI),
                arguments("ok-state-change", CLI), arguments("ok-use-schema", CLI),
                arguments("mysql8-ok-gtids", MYSQL8), arguments("mysql8-ok-transaction-characteristics", MYSQL8));
    }

    @Test
    void anOkWithInfoAndNoStateIsAlreadyWhatTheServerSendsWithoutSessionTracking() {
        byte[] tracked = responsePayload("ok-update-info");
        byte[] untracked = responsePayload("ok-update-info-no-session-track");
        assertThat(GoldenVectors.decode(tracked, OkPacketTranslation::needsTranslation)).isFalse();
        assertThat(translate(tracked)).isEqualTo(untracked);
    }

    @Test
    void commonOksNeedNoTranslation() {
        assertThat(GoldenVectors.decode(GoldenVectors.parseHex("00 00 00 02 00 00 00"),
                OkPacketTranslation::needsTranslation)).isFalse();
        assertThat(GoldenVectors.decode(GoldenVectors.parseHex("fe 00 00 22 00 00 00"),
                OkPacketTranslation::needsTranslation)).isFalse();
        assertThat(GoldenVectors.decode(GoldenVectors.parseHex("00 03 01 02 00 00 00"),
                OkPacketTranslation::needsTranslation)).isFalse();
    }

    @Test
    void anEmptyInfoWithoutStateIsDroppedAsTheServerWouldNotWriteIt() {
        byte[] payload = GoldenVectors.parseHex("00 00 00 02 00 00 00 00");
        assertThat(GoldenVectors.decode(payload, OkPacketTranslation::needsTranslation)).isTrue();
        assertThat(translate(payload)).isEqualTo(GoldenVectors.parseHex("00 00 00 02 00 00 00"));
    }

    @Test
    void readsTheReadableRegionAndLeavesTheInputAsItWas() {
        byte[] ok = GoldenVectors.parseHex(TERMINATOR_WITH_STATE_CHANGE);
        ByteBuf framed = Unpooled.buffer().writeBytes(new byte[] {0x0c, 0x00, 0x00, 0x05}).writeBytes(ok)
                .writeBytes(new byte[] {0x07, 0x00});
        framed.readerIndex(4).writerIndex(4 + ok.length);
        try {
            assertThat(OkPacketTranslation.needsTranslation(framed)).isTrue();
            ByteBuf out = OkPacketTranslation.translate(framed, ByteBufAllocator.DEFAULT);
            try {
                assertThat(ByteBufUtil.getBytes(out))
                        .isEqualTo(GoldenVectors.parseHex(TERMINATOR_WITH_STATE_CHANGE_TRANSLATED));
            } finally {
                out.release();
            }
            assertThat(framed.readerIndex()).isEqualTo(4);
            assertThat(framed.writerIndex()).isEqualTo(4 + ok.length);
            assertThat(framed.refCnt()).isEqualTo(1);
        } finally {
            framed.release();
        }
    }

    /**
     * Every prefix is refused unless it ends where a field does: after the warnings (no info), or after
     * the info (no session state), which are valid OK packets of their own.
     */
    @Test
    void refusesEveryPrefixThatEndsInsideAField() {
        byte[] payload = GoldenVectors.parseHex(UPDATE_IN_TRANSACTION);
        Set<Integer> valid = Set.of(7, 48, payload.length);
        for (int length = 0; length <= payload.length; length++) {
            byte[] prefix = Arrays.copyOf(payload, length);
            if (valid.contains(length)) {
                assertThat(translate(prefix)).as("prefix of %d bytes", length).isNotEmpty();
            } else {
                assertThatThrownBy(() -> translate(prefix)).as("prefix of %d bytes", length)
                        .isInstanceOf(ProtocolException.class);
            }
        }
        GoldenVectors.assertTruncationsRejected(payload, 7, OkPacketTranslation::needsTranslation);
    }

    @Test
    void refusesWhatIsNoOkPacket() {
        for (String hostile : List.of(
                "ff 7a 04 23 34 32 53 30 32 78",        // an ERR
                "01 00 00 02 40 00 00",                 // a column count
                "00 fb 00 02 00 00 00",                 // NULL as affected rows
                "00 00 ff 02 00 00 00",                 // 0xFF as last insert id
                "00 fe 01 00 00 00 00 00 00",           // affected rows cut inside its 8 bytes
                "00 00 00 02 40 00 00 05 61 62",        // info longer than the packet
                "00 00 00 02 40 00 00 fe ff ff ff ff ff ff ff ff 61", // info length above 2^63
                "00 00 00 02 40 00 00 00 09 02 01 31")) { // session state longer than the packet
            byte[] payload = GoldenVectors.parseHex(hostile);
            assertThatThrownBy(() -> translate(payload)).as(hostile).isInstanceOf(ProtocolException.class);
        }
        assertThatThrownBy(() -> GoldenVectors.decode(GoldenVectors.parseHex("ff 7a 04"),
                OkPacketTranslation::needsTranslation)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("header");
    }

    /** The payload of the server's one-packet answer in a captured exchange (packet 0 is the command). */
    private static byte[] responsePayload(String vector) {
        List<Packet> packets = GoldenVectors.packets("response/" + vector);
        try {
            assertThat(packets).hasSize(2);
            return ByteBufUtil.getBytes(packets.get(1).payload());
        } finally {
            packets.forEach(Packet::release);
        }
    }

    private static byte[] translate(byte[] payload) {
        return GoldenVectors.decode(payload, in -> {
            ByteBuf out = OkPacketTranslation.translate(in, ByteBufAllocator.DEFAULT);
            try {
                return ByteBufUtil.getBytes(out);
            } finally {
                out.release();
            }
        });
    }

    /**
     * What the client without session tracking decodes from the translation is what the tracking client
     * decodes from the original, less the session state and its flag.
     */
    private static void assertDecodesAlike(byte[] tracked, CapabilitySet caps, byte[] translated) {
        OkPacket original = GoldenVectors.decode(tracked, in -> OkPacket.decode(in, caps));
        CapabilitySet untracked = caps.without(Capability.CLIENT_SESSION_TRACK);
        OkPacket seen = GoldenVectors.decode(translated, in -> OkPacket.decode(in, untracked));
        assertThat(seen).isEqualTo(new OkPacket(original.header(), original.affectedRows(), original.lastInsertId(),
                new ServerStatus(original.status().bits() & ~ServerStatus.SESSION_STATE_CHANGED), original.warnings(),
                original.info(), List.of()));
        assertThat(original.sessionStateChanges()).isNotEmpty();
        // The bytes are also what OkPacket writes for such a client.
        assertThat(GoldenVectors.encode(out -> seen.encode(out, untracked))).isEqualTo(translated);
    }
}
