package io.mybouncer.protocol.command;

import io.mybouncer.protocol.packet.BasicTypes;
import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;

/**
 * COM_STMT_PREPARE_OK: the first packet of a successful COM_STMT_PREPARE response. num_params
 * parameter definitions and num_columns column definitions follow, each group ended by EOF unless
 * CLIENT_DEPRECATE_EOF. The proxy replaces the backend's statement id with its own before the client
 * sees it, and keeps num_params: every COM_STMT_EXECUTE of the statement needs it to be parsed.
 *
 * <pre>
 * int&lt;1&gt; 0x00 status
 * int&lt;4&gt; statement_id
 * int&lt;2&gt; num_columns
 * int&lt;2&gt; num_params
 * int&lt;1&gt; reserved (0x00)
 * int&lt;2&gt; warning_count
 * int&lt;1&gt; metadata_follows, only with CLIENT_OPTIONAL_RESULTSET_METADATA and only if present
 * </pre>
 *
 * <p>MySQL's page makes warning_count conditional ("if packet_length &gt; 12"), but every server
 * sends it: MariaDB 10.11 sends exactly these 12 bytes (captured), MySQL 8 adds metadata_follows
 * when the client asked for optional metadata. So 12 bytes is the minimum accepted here.
 *
 * @param statementId the new statement's id, unsigned 32-bit
 * @param numColumns how many columns its result set has (0 for statements without one)
 * @param numParams how many placeholders it has
 * @param warningCount warnings raised by the prepare
 * @param metadataFollows false only when the server sent metadata_follows = RESULTSET_METADATA_NONE,
 *     in which case no parameter or column definitions follow
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html#sect_protocol_com_stmt_prepare_response_ok">COM_STMT_PREPARE_OK</a>
 * @see <a href="https://mariadb.com/kb/en/com_stmt_prepare/">MariaDB COM_STMT_PREPARE</a>
 */
public record ComStmtPrepareOk(long statementId, int numColumns, int numParams, int warningCount,
        boolean metadataFollows) {
    public static final int STATUS = 0x00;
    /** The length every server sends at least: status to warning_count. */
    public static final int MIN_LENGTH = 12;
    /** enum_resultset_metadata values of metadata_follows. */
    private static final int RESULTSET_METADATA_NONE = 0;
    private static final int RESULTSET_METADATA_FULL = 1;

    /**
     * Decodes the whole payload. Bytes after the last field are ignored.
     *
     * @param capabilities the capabilities negotiated on the connection the payload came from
     * @throws ProtocolException when the status byte is not 0x00 (an ERR packet starts with 0xFF and
     *     is the caller's to tell apart) or the payload is shorter than 12 bytes
     */
    public static ComStmtPrepareOk decode(ByteBuf payload, CapabilitySet capabilities) {
        int offset = payload.readerIndex();
        if (payload.readableBytes() < MIN_LENGTH) {
            throw ProtocolException.at("COM_STMT_PREPARE_OK", "length", offset, payload.readableBytes() + " bytes",
                    ">= " + MIN_LENGTH);
        }
        int status = BasicTypes.int1(payload, "COM_STMT_PREPARE_OK status");
        if (status != STATUS) {
            throw ProtocolException.at("COM_STMT_PREPARE_OK", "status", offset, String.format("0x%02X", status), "0x00");
        }
        long statementId = BasicTypes.int4(payload, "COM_STMT_PREPARE_OK statement_id");
        int numColumns = BasicTypes.int2(payload, "COM_STMT_PREPARE_OK num_columns");
        int numParams = BasicTypes.int2(payload, "COM_STMT_PREPARE_OK num_params");
        BasicTypes.skip(payload, 1, "COM_STMT_PREPARE_OK reserved_1");
        int warningCount = BasicTypes.int2(payload, "COM_STMT_PREPARE_OK warning_count");
        boolean metadataFollows = true;
        if (capabilities.has(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA) && payload.isReadable()) {
            metadataFollows = BasicTypes.int1(payload, "COM_STMT_PREPARE_OK metadata_follows")
                    != RESULTSET_METADATA_NONE;
        }
        payload.skipBytes(payload.readableBytes());
        return new ComStmtPrepareOk(statementId, numColumns, numParams, warningCount, metadataFollows);
    }

    /**
     * Writes the payload; metadata_follows only under CLIENT_OPTIONAL_RESULTSET_METADATA, as MySQL
     * does.
     */
    public void encode(ByteBuf out, CapabilitySet capabilities) {
        out.writeByte(STATUS);
        BasicTypes.writeInt4(out, statementId);
        BasicTypes.writeInt2(out, numColumns);
        BasicTypes.writeInt2(out, numParams);
        out.writeByte(0);
        BasicTypes.writeInt2(out, warningCount);
        if (capabilities.has(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA)) {
            out.writeByte(metadataFollows ? RESULTSET_METADATA_FULL : RESULTSET_METADATA_NONE);
        } else if (!metadataFollows) {
            throw new IllegalArgumentException("metadata can only be skipped under CLIENT_OPTIONAL_RESULTSET_METADATA");
        }
    }

    /**
     * Overwrites the statement id in a prepare-OK payload in place, so the proxy can forward the
     * backend's response with its own id. Neither index moves; ownership does not change.
     *
     * @throws ProtocolException when the payload is too short to be a prepare OK
     */
    public static void rewriteStatementId(ByteBuf payload, long statementId) {
        if (payload.readableBytes() < MIN_LENGTH) {
            throw ProtocolException.at("COM_STMT_PREPARE_OK", "length", payload.readerIndex(),
                    payload.readableBytes() + " bytes", ">= " + MIN_LENGTH);
        }
        // Same position as in the statement commands: int<4> right after the first byte.
        StatementId.rewrite(payload, statementId);
    }
}
