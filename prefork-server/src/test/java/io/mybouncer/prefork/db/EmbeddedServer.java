package io.mybouncer.prefork.db;

import io.mybouncer.protocol.client.ClientOptions;
import io.mybouncer.protocol.client.MysqlClient;
import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.ServerStatus;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.ColumnFlags;
import io.mybouncer.protocol.resultset.ColumnType;
import io.mybouncer.protocol.resultset.TextRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link MysqlClient} attached, as an inherited connection is, to an {@link EmbeddedChannel}
 * whose other end the test plays: it reads the queries the client sends and writes the server's
 * answers, packet by packet (EOF framing, no DEPRECATE_EOF).
 */
public final class EmbeddedServer {
    public static final long CONNECTION_ID = 7;
    private static final CapabilitySet CAPABILITIES = CapabilitySet.of(Capability.CLIENT_MYSQL,
            Capability.CLIENT_PROTOCOL_41, Capability.CLIENT_TRANSACTIONS, Capability.CLIENT_PLUGIN_AUTH);
    private static final ServerStatus AUTOCOMMIT = new ServerStatus(ServerStatus.AUTOCOMMIT);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final MysqlClient client = MysqlClient.attach(channel, new ServerSession("10.11.0-embedded",
            CONNECTION_ID, CAPABILITIES, CAPABILITIES, "mysql_native_password", false, AUTOCOMMIT, new byte[0]),
            ClientOptions.of("app", ""));

    public MysqlClient client() {
        return client;
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    /** Runs what waits on the channel's event loop: queued queries, the client's sends. */
    public void runPendingTasks() {
        channel.runPendingTasks();
    }

    /** The COM_QUERY texts the client wrote since the last call. */
    public List<String> sentQueries() {
        runPendingTasks();
        ByteBuf written = Unpooled.buffer();
        try {
            for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
                written.writeBytes(part);
                part.release();
            }
            List<String> queries = new ArrayList<>();
            while (written.isReadable()) {
                int length = written.readUnsignedMediumLE();
                written.skipBytes(1);
                ByteBuf payload = written.readSlice(length);
                if (payload.readUnsignedByte() != CommandType.COM_QUERY.code()) {
                    throw new AssertionError("not a COM_QUERY: " + payload);
                }
                queries.add(payload.toString(StandardCharsets.UTF_8));
            }
            return queries;
        } finally {
            written.release();
        }
    }

    public void answerOk() {
        answer(List.of(out -> OkPacket.of(0, 0, AUTOCOMMIT, 0).encode(out, CAPABILITIES)));
    }

    public void answerError(int code, String sqlState, String message) {
        answer(List.of(out -> new ErrPacket(code, sqlState, message).encode(out, CAPABILITIES)));
    }

    /** A text result set with the known rows' columns (id, name) and {@code rows} of two values each. */
    public void answerRows(List<List<String>> rows) {
        List<Consumer<ByteBuf>> packets = new ArrayList<>();
        packets.add(ColumnCount.of(2)::encode);
        packets.add(ColumnDefinition41.ofExpression("id", ColumnType.MYSQL_TYPE_LONGLONG,
                ColumnDefinition41.BINARY_CHARSET, 21, ColumnFlags.NONE, 0)::encode);
        packets.add(ColumnDefinition41.ofExpression("name", ColumnType.MYSQL_TYPE_VAR_STRING,
                ClientOptions.UTF8MB4_GENERAL_CI, 80, ColumnFlags.NONE, 0)::encode);
        packets.add(out -> new EofPacket(0, AUTOCOMMIT).encode(out, CAPABILITIES));
        rows.forEach(row -> packets.add(TextRow.of(row.toArray(String[]::new))::encode));
        packets.add(out -> new EofPacket(0, AUTOCOMMIT).encode(out, CAPABILITIES));
        answer(packets);
    }

    /** Writes each payload as one wire packet, one inbound read per packet, sequence ids from 1. */
    public void answer(List<Consumer<ByteBuf>> payloads) {
        int sequenceId = 1;
        for (Consumer<ByteBuf> payload : payloads) {
            channel.writeInbound(wirePacket(sequenceId++, payload));
        }
        runPendingTasks();
    }

    private static ByteBuf wirePacket(int sequenceId, Consumer<ByteBuf> writer) {
        ByteBuf payload = Unpooled.buffer();
        writer.accept(payload);
        ByteBuf wire = Unpooled.buffer(4 + payload.readableBytes())
                .writeMediumLE(payload.readableBytes()).writeByte(sequenceId).writeBytes(payload);
        payload.release();
        return wire;
    }
}
