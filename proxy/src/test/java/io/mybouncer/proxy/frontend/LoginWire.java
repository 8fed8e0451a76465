package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.packet.Packet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** Moves bytes between EmbeddedChannels and reads what a server channel wrote, for login tests. */
final class LoginWire {
    private LoginWire() {
    }

    /**
     * Moves outbound bytes both ways until neither side has more. With {@code coalesce}, everything
     * one side wrote arrives at the other in one read, as when TCP merges segments.
     */
    static void pump(EmbeddedChannel a, EmbeddedChannel b, boolean coalesce) {
        boolean moved;
        do {
            moved = move(a, b, coalesce) | move(b, a, coalesce);
            a.runPendingTasks();
            b.runPendingTasks();
        } while (moved);
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to, boolean coalesce) {
        List<ByteBuf> pending = new ArrayList<>();
        for (ByteBuf buf; (buf = from.readOutbound()) != null; ) {
            pending.add(buf);
        }
        if (pending.isEmpty()) {
            return false;
        }
        if (coalesce) {
            CompositeByteBuf all = Unpooled.compositeBuffer();
            pending.forEach(buf -> all.addComponent(true, buf));
            deliver(to, all);
        } else {
            pending.forEach(buf -> deliver(to, buf));
        }
        return true;
    }

    private static void deliver(EmbeddedChannel to, ByteBuf buf) {
        if (to.isOpen()) {
            to.writeInbound(buf);
        } else {
            buf.release();
        }
    }

    /** Everything the channel wrote, cut into packets; the caller releases each. */
    static List<Packet> written(EmbeddedChannel channel) {
        CompositeByteBuf all = Unpooled.compositeBuffer();
        for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
            all.addComponent(true, buf);
        }
        List<Packet> packets = new ArrayList<>();
        try {
            while (all.isReadable()) {
                int length = all.readUnsignedMediumLE();
                int sequenceId = all.readUnsignedByte();
                packets.add(new Packet(sequenceId, Unpooled.copiedBuffer(all.readSlice(length))));
            }
        } finally {
            all.release();
        }
        return packets;
    }

    /** Bytes of a whole wire packet: header and payload. */
    static ByteBuf frame(int sequenceId, byte[] payload) {
        ByteBuf out = Unpooled.buffer(4 + payload.length);
        out.writeMediumLE(payload.length).writeByte(sequenceId).writeBytes(payload);
        return out;
    }

    /** Stands where the session handler will: keeps user events and whatever passes the login. */
    static final class Recorder extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();
        final List<Object> messages = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            events.add(event);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            messages.add(msg);
        }

        <T> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
