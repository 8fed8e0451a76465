package io.mybouncer.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds random and mutated payloads to every command decoder: a decoder either returns or throws
 * {@link ProtocolException}, never anything else, never reads outside the payload, never hangs.
 */
class CommandDecodersPropertyTest {
    private static final List<String> VECTORS = List.of("com_query", "com_query_attributes", "com_query_no_attributes",
            "com_init_db", "com_field_list", "com_field_list_wildcard", "com_change_user", "com_set_option_on",
            "com_process_kill", "com_stmt_prepare", "com_stmt_prepare_ok", "com_stmt_prepare_ok_metadata_follows",
            "com_stmt_execute_types_bound", "com_stmt_execute_types_not_bound", "com_stmt_execute_cursor",
            "com_stmt_execute_last_prepared", "com_stmt_execute_long_data", "com_stmt_execute_query_attributes",
            "com_stmt_execute_parameter_count_available", "com_stmt_send_long_data", "com_stmt_close",
            "com_stmt_reset", "com_stmt_fetch", "com_ping");
    /** Payloads of {@link #VECTORS}, loaded once rather than per try. */
    private static final List<byte[]> PAYLOADS = VECTORS.stream().map(Wire::payload).toList();
    private static final List<Capability> FRAMING = List.of(Capability.CLIENT_QUERY_ATTRIBUTES,
            Capability.CLIENT_RESERVED2, Capability.CLIENT_PLUGIN_AUTH, Capability.CLIENT_CONNECT_ATTRS,
            Capability.CLIENT_OPTIONAL_RESULTSET_METADATA);

    /** Every decoder and in-place reader, under the given context. */
    private static List<Function<ByteBuf, ?>> decoders(CapabilitySet caps, int numParams) {
        return List.of(
                p -> ComQuery.decode(p, caps),
                p -> ComQuery.queryIndex(p, caps),
                ComInitDb::decode,
                ComFieldList::decode,
                p -> ComChangeUser.decode(p, caps),
                ComSetOption::decode,
                ComProcessKill::decode,
                ComStmtPrepare::decode,
                p -> ComStmtPrepareOk.decode(p, caps),
                p -> ComStmtExecute.decode(p, numParams, caps),
                p -> ComStmtExecute.parameterTypes(p, numParams, caps),
                ComStmtExecute::flags,
                ComStmtSendLongData::decode,
                ComStmtSendLongData::dataSlice,
                ComStmtSendLongData::parameterId,
                ComStmtClose::decode,
                ComStmtReset::decode,
                ComStmtFetch::decode,
                BodilessCommand::decode,
                StatementId::read);
    }

    @Property
    void randomPayloadsRaiseNothingButProtocolException(@ForAll("randomPayloads") byte[] payload,
            @ForAll("capabilities") CapabilitySet caps, @ForAll("numParams") int numParams) {
        decodeWithEveryDecoder(payload, caps, numParams);
    }

    @Property
    void mutatedVectorsRaiseNothingButProtocolException(@ForAll("mutatedVectors") byte[] payload,
            @ForAll("capabilities") CapabilitySet caps, @ForAll("numParams") int numParams) {
        decodeWithEveryDecoder(payload, caps, numParams);
    }

    @Property
    void executesThatDecodeSurviveAnEncodeRoundTrip(@ForAll("mutatedVectors") byte[] payload,
            @ForAll("capabilities") CapabilitySet caps, @ForAll("numParams") int numParams) {
        ComStmtExecute first = decodeOrNull(payload, p -> ComStmtExecute.decode(p, numParams, caps));
        if (first != null && !(first.types().isPresent() && first.types().get().named()
                != caps.has(Capability.CLIENT_QUERY_ATTRIBUTES))) {
            byte[] again = GoldenVectors.encode(out -> first.encode(out, caps));
            ComStmtExecute second = GoldenVectors.decode(again, p -> ComStmtExecute.decode(p, numParams, caps));
            assertThat(second).isEqualTo(first);
        }
    }

    @Property
    void queriesThatDecodeSurviveAnEncodeRoundTrip(@ForAll("mutatedVectors") byte[] payload,
            @ForAll("capabilities") CapabilitySet caps) {
        ComQuery first = decodeOrNull(payload, p -> ComQuery.decode(p, caps));
        if (first != null) {
            byte[] again = GoldenVectors.encode(out -> first.encode(out, caps));
            ComQuery second = GoldenVectors.decode(again, p -> ComQuery.decode(p, caps));
            assertThat(second).isEqualTo(first);
            int index = GoldenVectors.decode(again, p -> ComQuery.queryIndex(p, caps));
            assertThat(again.length - index).isEqualTo(first.query().getBytes(StandardCharsets.UTF_8).length);
        }
    }

    private static void decodeWithEveryDecoder(byte[] payload, CapabilitySet caps, int numParams) {
        for (Function<ByteBuf, ?> decoder : decoders(caps, numParams)) {
            decodeOrNull(payload, decoder);
        }
    }

    /** The decoded value, or null when the decoder rejected the payload with a ProtocolException. */
    private static <T> T decodeOrNull(byte[] payload, Function<ByteBuf, T> decoder) {
        ByteBuf buf = Unpooled.wrappedBuffer(payload);
        try {
            return decoder.apply(buf);
        } catch (ProtocolException expected) {
            return null;
        } finally {
            buf.release();
        }
    }

    @Provide
    Arbitrary<byte[]> randomPayloads() {
        Arbitrary<Byte> command = Arbitraries.of(CommandType.values()).map(t -> (byte) t.code());
        Arbitrary<byte[]> body = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        return Combinators.combine(command, body).as((c, b) -> {
            byte[] payload = new byte[b.length + 1];
            payload[0] = c;
            System.arraycopy(b, 0, payload, 1, b.length);
            return payload;
        });
    }

    @Provide
    Arbitrary<byte[]> mutatedVectors() {
        Arbitrary<byte[]> vectors = Arbitraries.of(PAYLOADS);
        return vectors.flatMap(v -> Arbitraries.oneOf(
                Arbitraries.integers().between(0, v.length).map(n -> Arrays.copyOf(v, n)),
                Combinators.combine(Arbitraries.integers().between(0, v.length - 1), Arbitraries.bytes())
                        .as((at, value) -> {
                            byte[] copy = v.clone();
                            copy[at] = value;
                            return copy;
                        }),
                Combinators.combine(Arbitraries.integers().between(1, Math.max(1, v.length - 1)),
                        Arbitraries.of((byte) 0xFB, (byte) 0xFC, (byte) 0xFD, (byte) 0xFE, (byte) 0xFF, (byte) 0x00))
                        .as((at, value) -> {
                            byte[] copy = v.clone();
                            copy[Math.min(at, copy.length - 1)] = value;
                            return copy;
                        })));
    }

    @Provide
    Arbitrary<CapabilitySet> capabilities() {
        return Arbitraries.subsetOf(FRAMING)
                .map(set -> CapabilitySet.of(set.toArray(new Capability[0])).with(Capability.CLIENT_PROTOCOL_41));
    }

    @Provide
    Arbitrary<Integer> numParams() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 65535));
    }
}
