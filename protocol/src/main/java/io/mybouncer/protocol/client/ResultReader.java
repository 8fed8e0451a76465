package io.mybouncer.protocol.client;

import io.mybouncer.protocol.command.ComStmtPrepareOk;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.resultset.BinaryRow;
import io.mybouncer.protocol.resultset.ColumnCount;
import io.mybouncer.protocol.resultset.ColumnDefinition41;
import io.mybouncer.protocol.resultset.ColumnType;
import io.mybouncer.protocol.resultset.TextRow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a complete {@link RawResponse} into results. The tracker has already checked the framing
 * (sequence ids, which packet ends what); this walks the same packets again and decodes every field,
 * joining 16 MiB continuations first. Client-side only: the proxy never does this.
 */
final class ResultReader {
    private static final int LOCAL_INFILE_HEADER = 0xFB;

    private final CapabilitySet caps;
    private final List<Packet> packets;
    private int next;

    private ResultReader(CapabilitySet caps, List<Packet> packets) {
        this.caps = caps;
        this.packets = packets;
    }

    /** Results of COM_QUERY (text rows) or COM_STMT_EXECUTE/FETCH (binary rows). */
    static QueryResult results(CapabilitySet caps, RawResponse response, boolean binary) {
        return new ResultReader(caps, response.packets()).readResults(binary);
    }

    /** Rows of a COM_STMT_FETCH, whose column definitions came with the execute that opened the cursor. */
    static QueryResult fetched(CapabilitySet caps, RawResponse response, List<ColumnDefinition41> columns) {
        ResultReader reader = new ResultReader(caps, response.packets());
        return new QueryResult(List.of(reader.readRows(columns, true)));
    }

    static PreparedStatement prepared(CapabilitySet caps, RawResponse response) {
        return new ResultReader(caps, response.packets()).readPrepared();
    }

    private QueryResult readResults(boolean binary) {
        List<QueryResult.Result> results = new ArrayList<>();
        while (hasNext()) {
            ByteBuf first = nextPayload();
            int header = first.getUnsignedByte(first.readerIndex());
            if (header == ErrPacket.HEADER) {
                throw new MysqlServerException(ErrPacket.decode(first, caps));
            } else if (header == OkPacket.HEADER) {
                results.add(new QueryResult.Ok(OkPacket.decode(first, caps)));
            } else if (header == LOCAL_INFILE_HEADER && !binary) {
                // The file went out with the request; the server's verdict is the next packet.
                continue;
            } else {
                ColumnCount count = ColumnCount.decode(first, caps);
                List<ColumnDefinition41> columns = readDefinitions(count.count());
                if (!hasNext()) {
                    // A cursor was opened: the rows come with COM_STMT_FETCH.
                    results.add(new QueryResult.Rows(columns, List.of()));
                    break;
                }
                results.add(readRows(columns, binary));
            }
        }
        return new QueryResult(results);
    }

    /** Column definitions and, without CLIENT_DEPRECATE_EOF, the EOF after them. */
    private List<ColumnDefinition41> readDefinitions(int count) {
        List<ColumnDefinition41> columns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            columns.add(ColumnDefinition41.decode(nextPayload(), caps));
        }
        if (!caps.deprecateEof() && count > 0) {
            EofPacket.decode(nextPayload(), caps);
        }
        return columns;
    }

    private QueryResult.Rows readRows(List<ColumnDefinition41> columns, boolean binary) {
        List<ColumnType> types = columns.stream().map(ColumnDefinition41::type).toList();
        List<List<byte[]>> rows = new ArrayList<>();
        while (true) {
            ByteBuf payload = nextPayload();
            if (ErrPacket.isErr(payload)) {
                throw new MysqlServerException(ErrPacket.decode(payload, caps));
            }
            if (EofPacket.isEof(payload, caps)) {
                return new QueryResult.Rows(columns, rows);
            }
            rows.add(binary ? BinaryRow.decode(payload, types).values() : TextRow.decode(payload, columns.size()).values());
        }
    }

    private PreparedStatement readPrepared() {
        ByteBuf first = nextPayload();
        if (ErrPacket.isErr(first)) {
            throw new MysqlServerException(ErrPacket.decode(first, caps));
        }
        ComStmtPrepareOk ok = ComStmtPrepareOk.decode(first, caps);
        List<ColumnDefinition41> parameters = ok.metadataFollows() ? readDefinitions(ok.numParams()) : List.of();
        List<ColumnDefinition41> columns = ok.metadataFollows() ? readDefinitions(ok.numColumns()) : List.of();
        return new PreparedStatement(ok.statementId(), ok.numParams(), parameters, columns);
    }

    private boolean hasNext() {
        return next < packets.size();
    }

    /** The next logical payload: a packet joined with its continuations (a view, not a copy). */
    private ByteBuf nextPayload() {
        if (!hasNext()) {
            throw new ProtocolException("response: ended early after " + packets.size() + " packets");
        }
        Packet packet = packets.get(next++);
        if (!packet.hasContinuation()) {
            return packet.content().duplicate();
        }
        // The parts are unretained views of packets the RawResponse owns, so the composite owns
        // nothing and is built outside the leak detector (which would track it as a new buffer).
        CompositeByteBuf joined = new CompositeByteBuf(UnpooledByteBufAllocator.DEFAULT, false, Integer.MAX_VALUE);
        joined.addComponent(true, packet.content().duplicate());
        while (packet.hasContinuation() && hasNext()) {
            packet = packets.get(next++);
            joined.addComponent(true, packet.content().duplicate());
        }
        return joined;
    }
}
