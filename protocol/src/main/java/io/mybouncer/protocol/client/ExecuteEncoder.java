package io.mybouncer.protocol.client;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.command.ComStmtExecute;
import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.resultset.ColumnType;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds a COM_STMT_EXECUTE from Java values, always binding types (new_params_bound_flag = 1).
 * Supports the types a small client needs: integers (LONGLONG), doubles, strings (VAR_STRING),
 * byte arrays (BLOB) and NULL.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_execute.html">COM_STMT_EXECUTE</a>
 */
final class ExecuteEncoder {
    private ExecuteEncoder() {
    }

    static void encode(ByteBuf out, PreparedStatement statement, List<Object> parameters, boolean cursor,
            CapabilitySet caps) {
        if (parameters.size() != statement.parameterCount()) {
            throw new IllegalArgumentException("statement takes " + statement.parameterCount() + " parameters, got "
                    + parameters.size());
        }
        if (caps.has(Capability.CLIENT_QUERY_ATTRIBUTES)) {
            // This client never asks for query attributes, so the server must not have agreed to them.
            throw new IllegalStateException("CLIENT_QUERY_ATTRIBUTES negotiated: " + caps);
        }
        out.writeByte(CommandType.COM_STMT_EXECUTE.code());
        BasicTypes.writeInt4(out, statement.statementId());
        out.writeByte(cursor ? ComStmtExecute.CURSOR_TYPE_READ_ONLY : ComStmtExecute.CURSOR_TYPE_NO_CURSOR);
        BasicTypes.writeInt4(out, 1);
        int count = parameters.size();
        if (count == 0) {
            return;
        }
        byte[] nullBitmap = new byte[(count + 7) / 8];
        for (int i = 0; i < count; i++) {
            if (parameters.get(i) == null) {
                nullBitmap[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        out.writeBytes(nullBitmap);
        out.writeByte(1);
        for (Object value : parameters) {
            out.writeByte(typeOf(value).code()).writeByte(0);
        }
        for (Object value : parameters) {
            writeValue(out, value);
        }
    }

    private static ColumnType typeOf(Object value) {
        if (value == null) {
            return ColumnType.MYSQL_TYPE_NULL;
        } else if (value instanceof Long || value instanceof Integer) {
            return ColumnType.MYSQL_TYPE_LONGLONG;
        } else if (value instanceof Double) {
            return ColumnType.MYSQL_TYPE_DOUBLE;
        } else if (value instanceof String) {
            return ColumnType.MYSQL_TYPE_VAR_STRING;
        } else if (value instanceof byte[]) {
            return ColumnType.MYSQL_TYPE_BLOB;
        }
        throw new IllegalArgumentException("unsupported parameter type: " + value.getClass().getName());
    }

    private static void writeValue(ByteBuf out, Object value) {
        if (value == null) {
            return;
        } else if (value instanceof Long || value instanceof Integer) {
            BasicTypes.writeInt8(out, ((Number) value).longValue());
        } else if (value instanceof Double d) {
            out.writeDoubleLE(d);
        } else if (value instanceof String s) {
            BasicTypes.writeBytesLenenc(out, s.getBytes(StandardCharsets.UTF_8));
        } else {
            BasicTypes.writeBytesLenenc(out, (byte[]) value);
        }
    }
}
