package io.mybouncer.protocol.bench;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.PacketFrameDecoder;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.ColumnFlags;
import io.mybouncer.protocol.resultset.ColumnType;
import io.mybouncer.protocol.resultset.TextRow;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseTracker;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of the proxy's per-packet work on the response path: cutting the backend's byte stream
 * into packets ({@link PacketFrameDecoder}, retained slices) and following each packet with the
 * {@link ResponseTracker} (headers only, rows never decoded), then releasing it as a forwarder would.
 *
 * <p>Each operation processes one whole response held in a pooled direct buffer, delivered in
 * 64 KiB reads as a socket would: {@code rows} text rows of three columns (about 60 bytes each),
 * with or without CLIENT_DEPRECATE_EOF. MB/s = ops/s × the bytes per op printed at setup.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FramingAndTrackingBenchmark {
    private static final int READ_SIZE = 64 * 1024;

    @Param({"1", "1000"})
    public int rows;

    @Param({"false", "true"})
    public boolean deprecateEof;

    private ByteBuf response;
    private EmbeddedChannel channel;
    private ResponseTracker tracker;
    private int packetsSeen;

    @Setup(Level.Trial)
    public void setUp() {
        CapabilitySet caps = CapabilitySet.of(Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_SESSION_TRACK,
                Capability.CLIENT_TRANSACTIONS);
        if (deprecateEof) {
            caps = caps.with(Capability.CLIENT_DEPRECATE_EOF);
        }
        response = PooledByteBufAllocator.DEFAULT.directBuffer();
        writeResultSet(response, caps, rows);
        System.out.printf("%nbytes per op: %d%n", response.readableBytes());
        tracker = new ResponseTracker(caps);
        channel = new EmbeddedChannel(new PacketFrameDecoder(64L << 20), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                Packet packet = (Packet) msg;
                tracker.feed(packet);
                packetsSeen++;
                packet.release();
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        channel.finishAndReleaseAll();
        response.release();
    }

    @Benchmark
    public int frameAndTrack() {
        tracker.begin(ExpectedResponse.TEXT_RESULT);
        ByteBuf wire = response.duplicate();
        while (wire.isReadable()) {
            channel.writeInbound(wire.readRetainedSlice(Math.min(READ_SIZE, wire.readableBytes())));
        }
        if (!tracker.isDone()) {
            throw new IllegalStateException("response not complete");
        }
        return packetsSeen;
    }

    /** A COM_QUERY response: column count, 3 definitions, [EOF], rows, terminator. */
    private static void writeResultSet(ByteBuf out, CapabilitySet caps, int rows) {
        int[] seq = {1};
        Consumer<Consumer<ByteBuf>> packet = writer -> {
            ByteBuf payload = PooledByteBufAllocator.DEFAULT.heapBuffer();
            writer.accept(payload);
            out.writeMediumLE(payload.readableBytes()).writeByte(seq[0]++ & 0xFF).writeBytes(payload);
            payload.release();
        };
        packet.accept(p -> ColumnCount.of(3).encode(p));
        for (String name : List.of("id", "name", "created")) {
            packet.accept(p -> ColumnDefinition41.ofExpression(name, ColumnType.MYSQL_TYPE_VAR_STRING, 45, 80,
                    ColumnFlags.NONE, 0).encode(p));
        }
        ServerStatus status = new ServerStatus(ServerStatus.AUTOCOMMIT);
        EofPacket eof = new EofPacket(0, status);
        if (!caps.deprecateEof()) {
            packet.accept(p -> eof.encode(p, caps));
        }
        for (int i = 0; i < rows; i++) {
            String id = Integer.toString(i);
            packet.accept(p -> TextRow.of(id, "name-of-row-" + id, "2026-11-27 17:14:13.123456").encode(p));
        }
        if (caps.deprecateEof()) {
            OkPacket terminator = new OkPacket(OkPacket.EOF_HEADER, 0, 0, status, 0, "", List.of());
            packet.accept(p -> terminator.encode(p, caps));
        } else {
            packet.accept(p -> eof.encode(p, caps));
        }
    }
}
