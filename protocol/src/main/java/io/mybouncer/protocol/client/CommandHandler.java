package io.mybouncer.protocol.client;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.PacketEncoder;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseTracker;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.Promise;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.Function;

/**
 * The command phase of {@link MysqlClient}: sends one command at a time (queueing the rest), collects
 * its response packets until the {@link ResponseTracker} says it is complete, and answers LOCAL
 * INFILE requests from the client's file provider. Runs on the channel's event loop only.
 */
final class CommandHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "mysql-commands";
    /** LOCAL INFILE data is sent in packets of this size; the server joins them. */
    private static final int INFILE_CHUNK = 64 * 1024;
    private static final int LOCAL_INFILE_HEADER = 0xFB;

    private record Pending(ByteBuf payload, Promise<RawResponse> result) {
    }

    private final ResponseTracker tracker;
    private final Function<String, byte[]> localInfile;
    private final Queue<Pending> queue = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    /** The command whose response is arriving, or null when idle. */
    private Pending current;
    private List<Packet> packets;
    private int lastSequenceId;

    CommandHandler(CapabilitySet capabilities, Function<String, byte[]> localInfile) {
        this.tracker = new ResponseTracker(capabilities);
        this.localInfile = localInfile;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    /** Whether no command is in flight or queued. Call on the event loop. */
    boolean idle() {
        return current == null && queue.isEmpty();
    }

    /** Queues a command payload (ownership passes here). Call on the event loop. */
    void send(ByteBuf payload, Promise<RawResponse> result) {
        queue.add(new Pending(payload, result));
        if (current == null) {
            sendNext();
        }
    }

    private void sendNext() {
        while (current == null && !queue.isEmpty()) {
            Pending next = queue.poll();
            ExpectedResponse expected;
            try {
                expected = expectedResponse(next.payload());
            } catch (RuntimeException e) {
                // Nothing was sent: the caller learns why, and the next command goes ahead.
                next.payload().release();
                next.result().tryFailure(e);
                continue;
            }
            packets = new ArrayList<>();
            int commandPackets = PacketEncoder.wirePackets(next.payload().readableBytes());
            lastSequenceId = commandPackets - 1;
            ctx.writeAndFlush(new Packet(0, next.payload()));
            if (tracker.begin(expected, commandPackets) == ResponseTracker.Progress.DONE) {
                next.result().trySuccess(new RawResponse(List.of(), tracker.end()));
            } else {
                current = next;
            }
        }
    }

    /**
     * What to wait for after sending {@code payload}. A replication command (COM_BINLOG_DUMP and the
     * like) is answered by an open-ended event stream no tracker follows; this client takes its first
     * packet as the whole response, which is an ERR when the server or a proxy refuses the command,
     * and is not usable for further commands once a stream has started.
     */
    private static ExpectedResponse expectedResponse(ByteBuf payload) {
        CommandType command = payload.isReadable() ? CommandType.of(payload.getUnsignedByte(payload.readerIndex())) : null;
        return command != null && command.kind() == CommandType.Kind.REPLICATION
                ? ExpectedResponse.OK : ExpectedResponse.of(payload);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        Packet packet = (Packet) msg;
        if (current == null) {
            packet.release();
            throw new IllegalStateException("server sent " + packet + " with no command in flight");
        }
        packets.add(packet);
        lastSequenceId = packet.sequenceId();
        switch (tracker.feed(packet)) {
            case MORE -> {
            }
            case AWAITING_CLIENT_DATA -> sendLocalFile(packet);
            case DONE -> complete();
            default -> throw new IllegalStateException("bad progress");
        }
    }

    /** Answers a LOCAL INFILE request (0xFB + file name) with the file, then an empty packet. */
    private void sendLocalFile(Packet request) {
        ByteBuf payload = request.content();
        String name = payload.toString(payload.readerIndex() + 1, payload.readableBytes() - 1, StandardCharsets.UTF_8);
        // Refusing is an empty file as far as the protocol goes; the server then reports 0 rows.
        byte[] file = request.firstByte() == LOCAL_INFILE_HEADER && localInfile != null ? localInfile.apply(name) : null;
        int offset = 0;
        while (file != null && offset < file.length) {
            int chunk = Math.min(INFILE_CHUNK, file.length - offset);
            writeClientPacket(ctx.alloc().buffer(chunk).writeBytes(file, offset, chunk));
            offset += chunk;
        }
        writeClientPacket(ctx.alloc().buffer(0));
        ctx.flush();
    }

    private void writeClientPacket(ByteBuf payload) {
        lastSequenceId = (lastSequenceId + 1) & 0xFF;
        Packet packet = new Packet(lastSequenceId, payload);
        tracker.feedClientData(packet);
        ctx.write(packet);
    }

    private void complete() {
        Pending done = current;
        RawResponse response = new RawResponse(packets, tracker.end());
        current = null;
        packets = null;
        if (!done.result().trySuccess(response)) {
            response.release();
        }
        sendNext();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        failAll(cause);
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        failAll(new ClosedChannelException());
    }

    private void failAll(Throwable cause) {
        if (current != null) {
            packets.forEach(Packet::release);
            current.result().tryFailure(cause);
            current = null;
            packets = null;
        }
        for (Pending pending; (pending = queue.poll()) != null; ) {
            pending.payload().release();
            pending.result().tryFailure(cause);
        }
    }
}
