package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * COM_STMT_SEND_LONG_DATA: send one chunk of a parameter value ahead of COM_STMT_EXECUTE, which then
 * omits that value. The server sends no response. The data accumulates on the backend's statement
 * until the execute or a COM_STMT_RESET, so it pins the client to its backend until then.
 *
 * <pre>
 * int&lt;1&gt;      0x18 COM_STMT_SEND_LONG_DATA
 * int&lt;4&gt;      statement_id
 * int&lt;2&gt;      param_id (0-based)
 * binary&lt;EOF&gt; data
 * </pre>
 *
 * <p>The chunk can be large (a client streams a BLOB through it), so the proxy never decodes this
 * packet: it rewrites the id with {@link StatementId#rewrite} and forwards the buffer, and reads the
 * parameter with {@link #parameterId(ByteBuf)} and the chunk with {@link #dataSlice(ByteBuf)} where it
 * must, all without copying. {@link #decode} copies the chunk and is for tests and small clients.
 *
 * @param statementId the statement, unsigned 32-bit
 * @param parameterId the 0-based parameter the chunk belongs to
 * @param data the chunk
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_send_long_data.html">COM_STMT_SEND_LONG_DATA</a>
 */
public record ComStmtSendLongData(long statementId, int parameterId, byte[] data) {
    /** Command byte, statement id and parameter id: the data starts here. */
    private static final int HEADER_LENGTH = 7;

    public ComStmtSendLongData {
        data = data.clone();
    }

    /** Decodes the whole payload, command byte included, copying the chunk. */
    public static ComStmtSendLongData decode(ByteBuf payload) {
        CommandType.COM_STMT_SEND_LONG_DATA.readCommandByte(payload);
        long statementId = BasicTypes.int4(payload, "COM_STMT_SEND_LONG_DATA statement_id");
        int parameterId = BasicTypes.int2(payload, "COM_STMT_SEND_LONG_DATA param_id");
        return new ComStmtSendLongData(statementId, parameterId, BasicTypes.bytesEof(payload));
    }

    /**
     * The parameter id, read without moving the reader index.
     *
     * @throws ProtocolException when the payload ends before the data
     */
    public static int parameterId(ByteBuf payload) {
        checkHeader(payload);
        return payload.getUnsignedShortLE(payload.readerIndex() + 5);
    }

    /**
     * The chunk as a slice of {@code payload}: shared memory, no copy and no extra reference, valid
     * while the payload is. The caller releases nothing; use {@code retain()} on the slice to keep it.
     *
     * @throws ProtocolException when the payload ends before the data
     */
    public static ByteBuf dataSlice(ByteBuf payload) {
        checkHeader(payload);
        return payload.slice(payload.readerIndex() + HEADER_LENGTH, payload.readableBytes() - HEADER_LENGTH);
    }

    private static void checkHeader(ByteBuf payload) {
        if (payload.readableBytes() < HEADER_LENGTH) {
            throw ProtocolException.at("COM_STMT_SEND_LONG_DATA", "header", payload.readerIndex(),
                    payload.readableBytes() + " payload bytes", ">= " + HEADER_LENGTH);
        }
    }

    public void encode(ByteBuf out) {
        out.writeByte(CommandType.COM_STMT_SEND_LONG_DATA.code());
        BasicTypes.writeInt4(out, statementId);
        BasicTypes.writeInt2(out, parameterId);
        out.writeBytes(data);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ComStmtSendLongData other && statementId == other.statementId
                && parameterId == other.parameterId && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(statementId) * 31 + parameterId) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "ComStmtSendLongData[statementId=" + statementId + ", parameterId=" + parameterId
                + ", data=" + data.length + " bytes]";
    }
}
