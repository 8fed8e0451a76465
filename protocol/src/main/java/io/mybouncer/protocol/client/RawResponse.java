package io.mybouncer.protocol.client;

import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.response.ResponseEnd;
import java.util.List;

/**
 * The wire packets of one command's response, as the server sent them (continuations not joined),
 * and how the {@link io.mybouncer.protocol.response.ResponseTracker} saw it end. The holder owns one
 * reference to each packet and gives them back with {@link #release()}.
 */
public record RawResponse(List<Packet> packets, ResponseEnd end) {
    public void release() {
        packets.forEach(Packet::release);
    }
}
