package io.mybouncer.protocol.response;

import io.mybouncer.protocol.golden.GoldenVectors;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.response.ResponseTracker.Progress;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever a peer sends, the tracker answers or throws {@link ProtocolException}: never another
 * exception, never a loop (each feed handles one packet, and the feeding loops below are bounded by
 * the number of packets).
 */
class ResponseTrackerPropertyTest {
    /** A wire packet as plain values, so jqwik can shrink it. */
    record RawPacket(int sequenceId, byte[] payload) {
        Packet toPacket() {
            return new Packet(sequenceId, Unpooled.wrappedBuffer(payload));
        }

        @Override
        public String toString() {
            return "seq " + sequenceId + ": " + ByteBufUtil.hexDump(payload);
        }
    }

    /** A golden vector: its negotiated capabilities, command and response packets. */
    record Vector(String name, CapabilitySet caps, ExpectedResponse expected, List<RawPacket> response) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Vector> VECTORS = ResponseTrackerTest.vectors()
            .map(arguments -> load((String) arguments.get()[0], (CapabilitySet) arguments.get()[1]))
            .toList();

    private static final List<CapabilitySet> CAPABILITIES = List.of(GoldenCapabilities.CLI,
            GoldenCapabilities.DEPRECATE_EOF, GoldenCapabilities.PRE_41, GoldenCapabilities.MYSQL_CONNECTOR_J,
            GoldenCapabilities.MYSQL8_OPTIONAL_METADATA, GoldenCapabilities.MYSQL8_OPTIONAL_METADATA_EOF);

    @Property
    void randomPacketsRaiseNothingButProtocolException(@ForAll("expectations") ExpectedResponse expected,
                                                       @ForAll("capabilities") CapabilitySet caps,
                                                       @ForAll("randomResponses") List<RawPacket> response) {
        feed(new ResponseTracker(caps), expected, response);
    }

    @Property
    void mutatedCapturesRaiseNothingButProtocolException(@ForAll("mutatedVectors") Vector vector) {
        feed(new ResponseTracker(vector.caps()), vector.expected(), vector.response());
    }

    /** Feeds every packet; stops at the first ProtocolException, the only exception allowed out. */
    private static void feed(ResponseTracker tracker, ExpectedResponse expected, List<RawPacket> response) {
        Progress progress = tracker.begin(expected);
        for (RawPacket raw : response) {
            Packet packet = raw.toPacket();
            try {
                progress = progress == Progress.AWAITING_CLIENT_DATA
                        ? tracker.feedClientData(packet) : tracker.feed(packet);
            } catch (ProtocolException e) {
                return;
            } finally {
                packet.release();
            }
        }
    }

    @Provide
    Arbitrary<ExpectedResponse> expectations() {
        return Arbitraries.of(ExpectedResponse.class);
    }

    @Provide
    Arbitrary<CapabilitySet> capabilities() {
        return Arbitraries.of(CAPABILITIES);
    }

    /** Packets whose first byte is usually one that means something, with mostly right sequence ids. */
    @Provide
    Arbitrary<List<RawPacket>> randomResponses() {
        Arbitrary<Integer> header = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0x00, 0x01, 0x02, 0x03, 0xFB, 0xFC, 0xFE, 0xFF)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
        Arbitrary<byte[]> payload = Combinators.combine(header, rest, Arbitraries.integers().between(0, 9))
                .as((first, tail, shape) -> {
                    if (shape == 0) {
                        return new byte[0];
                    }
                    byte[] bytes = new byte[tail.length + 1];
                    bytes[0] = (byte) (int) first;
                    System.arraycopy(tail, 0, bytes, 1, tail.length);
                    return bytes;
                });
        Arbitrary<Boolean> wrongSequence = Arbitraries.integers().between(0, 19).map(n -> n == 0);
        return Combinators.combine(payload.list().ofMaxSize(16), wrongSequence.list().ofSize(16),
                Arbitraries.integers().between(0, 255))
                .as((payloads, wrong, randomSequence) -> {
                    List<RawPacket> packets = new ArrayList<>();
                    for (int i = 0; i < payloads.size(); i++) {
                        packets.add(new RawPacket(wrong.get(i) ? randomSequence : i + 1, payloads.get(i)));
                    }
                    return packets;
                });
    }

    /** A captured response with one to three byte changes, truncations, drops or duplications. */
    @Provide
    Arbitrary<Vector> mutatedVectors() {
        Arbitrary<int[]> mutation = Arbitraries.integers().between(0, 1 << 20).array(int[].class).ofSize(4);
        return Combinators.combine(Arbitraries.of(VECTORS), mutation.list().ofMinSize(1).ofMaxSize(3))
                .as(ResponseTrackerPropertyTest::mutate);
    }

    private static Vector mutate(Vector vector, List<int[]> mutations) {
        List<RawPacket> packets = new ArrayList<>(vector.response());
        for (int[] m : mutations) {
            if (packets.isEmpty()) {
                break;
            }
            int index = m[1] % packets.size();
            RawPacket packet = packets.get(index);
            byte[] payload = packet.payload().clone();
            switch (m[0] % 5) {
                case 0:
                    if (payload.length > 0) {
                        payload[m[2] % payload.length] = (byte) m[3];
                    }
                    packets.set(index, new RawPacket(packet.sequenceId(), payload));
                    break;
                case 1:
                    packets.set(index, new RawPacket(packet.sequenceId(),
                            Arrays.copyOf(payload, m[2] % (payload.length + 1))));
                    break;
                case 2:
                    packets.remove(index);
                    break;
                case 3:
                    packets.add(index, packet);
                    break;
                default:
                    packets.set(index, new RawPacket(m[3] & 0xFF, payload));
            }
        }
        return new Vector(vector.name() + " mutated " + mutations.size() + "x", vector.caps(), vector.expected(),
                packets);
    }

    private static Vector load(String name, CapabilitySet caps) {
        List<Packet> packets = GoldenVectors.packets("response/" + name);
        try {
            List<RawPacket> response = new ArrayList<>();
            for (Packet packet : packets.subList(1, packets.size())) {
                response.add(new RawPacket(packet.sequenceId(), ByteBufUtil.getBytes(packet.payload())));
            }
            return new Vector(name, caps, ExpectedResponse.of(packets.get(0).payload()), List.copyOf(response));
        } finally {
            packets.forEach(Packet::release);
        }
    }
}
