package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ComStmtExecuteTest {
    private static final CapabilitySet MARIADB = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41);
    private static final CapabilitySet QUERY_ATTRIBUTES = MARIADB.with(Capability.CLIENT_QUERY_ATTRIBUTES);
    private static final ParameterTypes LONG = ParameterTypes.of(new byte[] {0x03, 0x00});
    private static final byte[] NOTHING_NULL = {0x00};

    static Stream<Arguments> vectors() {
        return Stream.of(
                Arguments.of("com_stmt_execute_types_bound", 1, MARIADB,
                        new ComStmtExecute(8, 0, 1, 1, NOTHING_NULL, Optional.of(LONG), new byte[] {1, 0, 0, 0})),
                Arguments.of("com_stmt_execute_types_not_bound", 1, MARIADB,
                        new ComStmtExecute(8, 0, 1, 1, NOTHING_NULL, Optional.empty(), new byte[] {2, 0, 0, 0})),
                Arguments.of("com_stmt_execute_cursor", 1, MARIADB,
                        new ComStmtExecute(4, 1, 1, 1, NOTHING_NULL, Optional.of(LONG), new byte[] {0, 0, 0, 0})),
                Arguments.of("com_stmt_execute_last_prepared", 3, MARIADB,
                        new ComStmtExecute(0xFFFF_FFFFL, 0, 1, 3, new byte[] {0b100},
                                Optional.of(ParameterTypes.of(new byte[] {0x03, 0, (byte) 0xFD, 0, 0x0F, 0})),
                                new byte[] {1, 0, 0, 0, 3, 'o', 'n', 'e'})),
                Arguments.of("com_stmt_execute_long_data", 3, MARIADB,
                        new ComStmtExecute(5, 0, 1, 3, NOTHING_NULL,
                                Optional.of(ParameterTypes.of(new byte[] {0x03, 0, (byte) 0xFD, 0, (byte) 0xFC, 0})),
                                new byte[] {3, 0, 0, 0, 5, 't', 'h', 'r', 'e', 'e'})),
                Arguments.of("com_stmt_execute_query_attributes", 1, QUERY_ATTRIBUTES,
                        new ComStmtExecute(7, 0, 1, 2, NOTHING_NULL,
                                Optional.of(ParameterTypes.named(new byte[] {0x08, (byte) 0x80, (byte) 0xFE, 0},
                                        List.of("", "ts"))),
                                new byte[] {42, 0, 0, 0, 0, 0, 0, 0, 1, '1'})),
                Arguments.of("com_stmt_execute_parameter_count_available", 0, QUERY_ATTRIBUTES,
                        new ComStmtExecute(9, ComStmtExecute.PARAMETER_COUNT_AVAILABLE, 1, 1, NOTHING_NULL,
                                Optional.of(ParameterTypes.named(new byte[] {(byte) 0xFE, 0}, List.of("id"))),
                                new byte[] {3, 'a', 'b', 'c'})));
    }

    private static ComStmtExecute decode(byte[] payload, int numParams, CapabilitySet capabilities) {
        return GoldenVectors.decode(payload, p -> ComStmtExecute.decode(p, numParams, capabilities));
    }

    private static Optional<ParameterTypes> parameterTypes(byte[] payload, int numParams, CapabilitySet capabilities) {
        return GoldenVectors.decode(payload, p -> ComStmtExecute.parameterTypes(p, numParams, capabilities));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesEachVector(String vector, int numParams, CapabilitySet capabilities, ComStmtExecute expected) {
        assertThat(decode(Wire.payload(vector), numParams, capabilities)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void encodesEachVector(String vector, int numParams, CapabilitySet capabilities, ComStmtExecute expected) {
        assertThat(GoldenVectors.encode(out -> expected.encode(out, capabilities))).isEqualTo(Wire.payload(vector));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void extractsTheBoundTypesOfEachVectorInPlace(String vector, int numParams, CapabilitySet capabilities,
            ComStmtExecute expected) {
        assertThat(parameterTypes(Wire.payload(vector), numParams, capabilities)).isEqualTo(expected.types());
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void rejectsEveryTruncationBeforeTheValues(String vector, int numParams, CapabilitySet capabilities,
            ComStmtExecute expected) {
        byte[] payload = Wire.payload(vector);
        int valuesStart = payload.length - expected.values().length;
        GoldenVectors.assertTruncationsRejected(payload, valuesStart,
                p -> ComStmtExecute.decode(p, numParams, capabilities));
        GoldenVectors.assertTruncationsRejected(payload, valuesStart,
                p -> ComStmtExecute.parameterTypes(p, numParams, capabilities));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void locatesTheBoundTypesOfEachVectorWithoutQueryAttributes(String vector, int numParams,
            CapabilitySet capabilities, ComStmtExecute expected) {
        if (capabilities.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            return;
        }
        byte[] payload = Wire.payload(vector);
        int index = GoldenVectors.decode(payload, p -> ComStmtExecute.boundTypesIndex(p, numParams, capabilities));
        if (expected.types().isEmpty()) {
            assertThat(index).isEqualTo(-1);
        } else {
            assertThat(Arrays.copyOfRange(payload, index, index + 2 * numParams))
                    .isEqualTo(expected.types().get().block());
        }
    }

    @Test
    void locatesTheBoundTypesFromTheReaderIndexWithoutMovingIt() {
        byte[] vector = Wire.payload("com_stmt_execute_last_prepared");
        ByteBuf payload = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(vector);
        try {
            payload.readerIndex(3);
            int index = ComStmtExecute.boundTypesIndex(payload, 3, MARIADB);
            assertThat(index).as("3 bytes before the payload, 12 of header, bitmap and flag").isEqualTo(15);
            assertThat(payload.readerIndex()).isEqualTo(3);
            assertThat(payload.getByte(index + 2)).as("parameter 2: VAR_STRING").isEqualTo((byte) 0xFD);
        } finally {
            payload.release();
        }
    }

    @Test
    void refusesToLocateTypesThatLackAFixedPlace() {
        byte[] payload = Wire.payload("com_stmt_execute_query_attributes");
        assertThatThrownBy(() -> GoldenVectors.decode(payload, p -> ComStmtExecute.boundTypesIndex(p, 1, QUERY_ATTRIBUTES)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTruncatedTypesAndBadFlagsWhenLocatingTypes() {
        byte[] payload = Wire.payload("com_stmt_execute_last_prepared");
        GoldenVectors.assertTruncationsRejected(payload, 18, p -> ComStmtExecute.boundTypesIndex(p, 3, MARIADB));
        payload[11] = 2;
        assertThatThrownBy(() -> GoldenVectors.decode(payload, p -> ComStmtExecute.boundTypesIndex(p, 3, MARIADB)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("new_params_bound_flag at offset 11: 2 (expected: 0 or 1)");
        byte[] prepare = Wire.payload("com_stmt_prepare");
        assertThatThrownBy(() -> GoldenVectors.decode(prepare, p -> ComStmtExecute.boundTypesIndex(p, 0, MARIADB)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("command at offset 0: 0x16 (expected: 0x17)");
    }

    @Test
    void readsFlagsAndCursorTypeInPlace() {
        int flags = GoldenVectors.decode(Wire.payload("com_stmt_execute_cursor"), ComStmtExecute::flags);
        int cursorType = GoldenVectors.decode(Wire.payload("com_stmt_execute_cursor"), ComStmtExecute::cursorType);
        boolean cursor = GoldenVectors.decode(Wire.payload("com_stmt_execute_cursor"), ComStmtExecute::requestsCursor);
        boolean noCursor = GoldenVectors.decode(Wire.payload("com_stmt_execute_types_bound"), ComStmtExecute::requestsCursor);
        int countFlagOnly = GoldenVectors.decode(Wire.payload("com_stmt_execute_parameter_count_available"),
                ComStmtExecute::cursorType);
        assertThat(flags).isEqualTo(ComStmtExecute.CURSOR_TYPE_READ_ONLY);
        assertThat(cursorType).isEqualTo(ComStmtExecute.CURSOR_TYPE_READ_ONLY);
        assertThat(cursor).isTrue();
        assertThat(noCursor).isFalse();
        assertThat(countFlagOnly).as("PARAMETER_COUNT_AVAILABLE is no cursor").isEqualTo(ComStmtExecute.CURSOR_TYPE_NO_CURSOR);
        assertThatThrownBy(() -> GoldenVectors.decode(Arrays.copyOf(Wire.payload("com_stmt_execute_cursor"), 9), ComStmtExecute::flags))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void readsTheParameterCountOnlyUnderQueryAttributes() {
        // The same bytes without CLIENT_QUERY_ATTRIBUTES: 0x02 is the null bitmap, 0x00 the bind flag.
        ComStmtExecute decoded = decode(Wire.payload("com_stmt_execute_query_attributes"), 1, MARIADB);
        assertThat(decoded.parameterCount()).isEqualTo(1);
        assertThat(decoded.isNull(0)).isFalse();
        assertThat(decoded.nullBitmap()).containsExactly(0x02);
        assertThat(decoded.types()).isEmpty();
        ComStmtExecute noPlaceholders = decode(Wire.payload("com_stmt_execute_parameter_count_available"), 0, MARIADB);
        assertThat(noPlaceholders.parameterCount()).isZero();
        assertThat(noPlaceholders.values()).as("everything after the header").hasSize(12);
    }

    @Test
    void addsStoredTypesWithoutCopyingTheValues() {
        ParameterTypes stored = parameterTypes(Wire.payload("com_stmt_execute_types_bound"), 1, MARIADB).orElseThrow();
        ByteBuf payload = Unpooled.copiedBuffer(Wire.payload("com_stmt_execute_types_not_bound"));
        try {
            CompositeByteBuf retyped = ComStmtExecute.withParameterTypes(ByteBufAllocator.DEFAULT, payload, 1, MARIADB, stored);
            try {
                assertThat(payload.refCnt()).as("the values slice holds a reference").isEqualTo(2);
                assertThat(retyped.numComponents()).isEqualTo(2);
                byte[] expected = Wire.payload("com_stmt_execute_types_bound");
                expected[14] = 2;
                assertThat(ByteBufUtil.getBytes(retyped)).isEqualTo(expected);
                payload.setByte(12, 7);
                assertThat(retyped.getByte(14)).as("values share the payload's memory").isEqualTo((byte) 7);
                StatementId.rewrite(retyped, 99);
                assertThat(StatementId.read(retyped)).isEqualTo(99);
                assertThat(StatementId.read(payload)).as("header was copied").isEqualTo(8);
            } finally {
                retyped.release();
            }
            assertThat(payload.refCnt()).isEqualTo(1);
            assertThat(payload.readerIndex()).isZero();
        } finally {
            payload.release();
        }
    }

    @Test
    void addsStoredNamedTypesUnderQueryAttributes() {
        ComStmtExecute bound = decode(Wire.payload("com_stmt_execute_query_attributes"), 1, QUERY_ATTRIBUTES);
        ComStmtExecute unbound = new ComStmtExecute(bound.statementId(), bound.flags(), bound.iterationCount(),
                bound.parameterCount(), bound.nullBitmap(), Optional.empty(), bound.values());
        ByteBuf payload = Unpooled.copiedBuffer(GoldenVectors.encode(out -> unbound.encode(out, QUERY_ATTRIBUTES)));
        try {
            ByteBuf retyped = ComStmtExecute.withParameterTypes(ByteBufAllocator.DEFAULT, payload, 1, QUERY_ATTRIBUTES,
                    bound.types().orElseThrow());
            try {
                assertThat(ByteBufUtil.getBytes(retyped)).isEqualTo(Wire.payload("com_stmt_execute_query_attributes"));
            } finally {
                retyped.release();
            }
        } finally {
            payload.release();
        }
    }

    @Test
    void refusesToAddTypesThatDoNotFit() {
        ByteBuf notBound = Unpooled.copiedBuffer(Wire.payload("com_stmt_execute_types_not_bound"));
        ByteBuf bound = Unpooled.copiedBuffer(Wire.payload("com_stmt_execute_types_bound"));
        try {
            ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
            assertThatThrownBy(() -> ComStmtExecute.withParameterTypes(alloc, bound, 1, MARIADB, LONG))
                    .isInstanceOf(IllegalArgumentException.class);
            ParameterTypes two = ParameterTypes.of(new byte[] {3, 0, 3, 0});
            assertThatThrownBy(() -> ComStmtExecute.withParameterTypes(alloc, notBound, 1, MARIADB, two))
                    .isInstanceOf(IllegalArgumentException.class);
            ParameterTypes named = ParameterTypes.named(new byte[] {3, 0}, List.of("a"));
            assertThatThrownBy(() -> ComStmtExecute.withParameterTypes(alloc, notBound, 1, MARIADB, named))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(notBound.refCnt()).isEqualTo(1);
        } finally {
            notBound.release();
            bound.release();
        }
    }

    @Test
    void rejectsAHugeParameterCountInAShortPacketWithoutAllocating() {
        byte[] tiny = {0x17, 1, 0};
        assertThatThrownBy(() -> decode(tiny, 65535, MARIADB)).isInstanceOf(ProtocolException.class);
        byte[] header = Arrays.copyOf(Wire.payload("com_stmt_execute_types_bound"), 13);
        assertThatThrownBy(() -> decode(header, 65535, MARIADB)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("null_bitmap");
        assertThatThrownBy(() -> parameterTypes(header, 65535, MARIADB)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void rejectsAHugeCountUnderQueryAttributes() {
        byte[] payload = Wire.payload("com_stmt_execute_query_attributes");
        byte[] huge = new byte[payload.length + 8];
        System.arraycopy(payload, 0, huge, 0, 10);
        huge[10] = (byte) 0xFE;
        Arrays.fill(huge, 11, 19, (byte) 0xFF);
        assertThatThrownBy(() -> decode(huge, 1, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("parameter_count");
        huge[18] = 0x00;
        assertThatThrownBy(() -> decode(huge, 1, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("parameter_count");
    }

    @Test
    void rejectsACountBelowThePlaceholders() {
        byte[] payload = Wire.payload("com_stmt_execute_query_attributes");
        assertThatThrownBy(() -> decode(payload, 3, QUERY_ATTRIBUTES)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("parameter_count at offset 10: 2 (expected: >= num_params 3");
    }

    @Test
    void rejectsABindFlagAboveOne() {
        byte[] payload = Wire.payload("com_stmt_execute_types_bound");
        payload[11] = 2;
        assertThatThrownBy(() -> decode(payload, 1, MARIADB)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("new_params_bound_flag at offset 11: 2 (expected: 0 or 1)");
    }

    @Test
    void refusesNumParamsOutsideTheirTwoBytes() {
        byte[] payload = Wire.payload("com_stmt_execute_types_bound");
        assertThatThrownBy(() -> decode(payload, 65536, MARIADB)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> decode(payload, -1, MARIADB)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToWriteNamedTypesWithoutQueryAttributes() {
        ComStmtExecute named = decode(Wire.payload("com_stmt_execute_query_attributes"), 1, QUERY_ATTRIBUTES);
        assertThatThrownBy(() -> GoldenVectors.encode(out -> named.encode(out, MARIADB))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsSizesRatherThanValues() {
        ComStmtExecute execute = decode(Wire.payload("com_stmt_execute_last_prepared"), 3, MARIADB);
        assertThat(execute.toString()).contains("statementId=4294967295").contains("values=8 bytes")
                .contains("0x0F");
    }
}
