package io.mybouncer.protocol.packet;

import io.mybouncer.protocol.golden.GoldenVectors;
import java.util.List;

/** Payload bytes of one packet of a multi-packet golden vector under {@code golden/response/}. */
final class GoldenPayloads {
    private GoldenPayloads() {
    }

    /** The payload of packet {@code index} (0 is the command); a negative index counts from the end. */
    static byte[] payload(String name, int index) {
        List<Packet> packets = GoldenVectors.packets("response/" + name);
        try {
            Packet packet = packets.get(index >= 0 ? index : packets.size() + index);
            byte[] out = new byte[packet.payload().readableBytes()];
            packet.payload().getBytes(packet.payload().readerIndex(), out);
            return out;
        } finally {
            packets.forEach(Packet::release);
        }
    }
}
