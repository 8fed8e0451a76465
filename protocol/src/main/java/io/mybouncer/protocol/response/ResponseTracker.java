package io.mybouncer.protocol.response;

import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.int2;
import static io.mybouncer.protocol.packet.BasicTypes.int4;
import static io.mybouncer.protocol.packet.BasicTypes.intLenenc;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.EofPacket;
import io.mybouncer.protocol.packet.ErrPacket;
import io.mybouncer.protocol.packet.OkPacket;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.packet.ServerStatus;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Follows one connection's responses packet by packet and says where each ends, with the final
 * status flags, counts and session-state changes ({@link ResponseEnd}).
 *
 * <p>Use: {@link #begin} with the {@link ExpectedResponse} of each command sent, then {@link #feed}
 * every packet the server sends and {@link #feedClientData} every packet the client sends before the
 * response is complete (LOCAL INFILE data, authentication answers during COM_CHANGE_USER), until a
 * call returns {@link Progress#DONE}; then {@link #end}. One instance serves a connection for its
 * life. The tracker reads headers and the few bytes it needs at the packet's reader index and leaves
 * the index where it was; it never copies or decodes rows and allocates nothing per row. It does not
 * release packets: the caller forwards them.
 *
 * <p>Continuations: a packet of exactly 0xFFFFFF bytes is followed by more of the same payload, whose
 * first byte is data. The tracker knows this from the previous packet's length (the framer's
 * {@link Packet#isContinuation()} records the same fact) and checks only the sequence id of a
 * continuation.
 *
 * <p>Errors: a wrong sequence id or a header that cannot appear in the current state is a
 * {@link ProtocolException} naming the state, the header and the packet's number in the response;
 * the tracker is then idle, and the connection should be closed. Calling it out of order (begin
 * while a response is in flight, end before it is done) is an {@link IllegalStateException}.
 *
 * <p>Not thread-safe: it belongs to the connection's event loop.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_command_phase.html">Command Phase</a>
 * @see <a href="https://mariadb.com/kb/en/result-set-packets/">MariaDB result set packets</a>
 */
public final class ResponseTracker {
    /** What the tracker needs next. */
    public enum Progress {
        /** More server packets belong to this response. */
        MORE,
        /** The client must send packets now (LOCAL INFILE data, an authentication answer). */
        AWAITING_CLIENT_DATA,
        /** The response is complete: {@link #end()} tells how it ended. */
        DONE
    }

    enum State {
        /** No command in flight: before the first {@link #begin}, and after a protocol error. */
        IDLE,
        /** The first packet of a result: OK, ERR, a column count, a LOCAL INFILE request, ... */
        FIRST,
        COLUMN_DEFS,
        /** The EOF after the column definitions (absent with CLIENT_DEPRECATE_EOF). */
        COLUMNS_EOF,
        ROWS,
        PARAM_DEFS,
        PARAMS_EOF,
        PREPARED_COLUMN_DEFS,
        PREPARED_COLUMNS_EOF,
        FIELD_LIST,
        /** The client sends the file, then an empty packet. */
        LOCAL_INFILE_DATA,
        /** The server's OK or ERR after the LOCAL INFILE data. */
        LOCAL_INFILE_RESULT,
        /** COM_CHANGE_USER: the server's next packet, or the client's after AuthMoreData. */
        AUTH,
        /** COM_CHANGE_USER: the client must answer an AuthSwitchRequest. */
        AUTH_CLIENT_TURN,
        DONE
    }

    private static final int LOCAL_INFILE_HEADER = 0xFB;
    private static final int AUTH_SWITCH_HEADER = 0xFE;
    private static final int AUTH_MORE_DATA_HEADER = 0x01;
    private static final int BINARY_ROW_HEADER = 0x00;

    /** Negotiated at login; fixed for the connection. */
    private final CapabilitySet caps;
    /** Whether column counts carry a metadata-follows byte (MySQL optional metadata, MariaDB metadata cache). */
    private final boolean metadataFlag;

    // Set by begin() for each command; updated by feed()/feedClientData() on the connection's event loop.
    private ExpectedResponse expected = ExpectedResponse.NONE;
    private State state = State.IDLE;
    private int nextSequenceId;
    /** 1-based number of the last packet seen in this response, for error messages. */
    private int packetNumber;
    /** The previous packet was 0xFFFFFF bytes long, so the next one continues it. */
    private boolean continuationNext;
    /** Column or parameter definitions still to come in the current block. */
    private long definitionsLeft;
    /** COM_STMT_PREPARE: column definitions that follow the parameter definitions. */
    private int preparedColumns;
    /** COM_STMT_PREPARE: false when a MySQL server said the definitions are omitted. */
    private boolean preparedMetadata;
    private long statementId;
    private int preparedWarnings;
    /** Status of the last EOF seen in a COM_STMT_PREPARE response. */
    private ServerStatus preparedStatus;
    /** Session-state entries of every OK so far; allocated only when the server reports some. */
    private List<SessionStateChange> changes;
    private ResponseEnd end;
    /** Cleared by every feed and by begin(); set by {@link #ok} once the packet decoded as an OK. */
    private boolean lastPacketWasOk;

    public ResponseTracker(CapabilitySet caps) {
        this.caps = caps;
        this.metadataFlag = caps.has(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA)
                || caps.has(Capability.MARIADB_CLIENT_CACHE_METADATA);
    }

    /**
     * Starts tracking the response to a command just sent in one wire packet (sequence id 0).
     * Returns {@link Progress#DONE} at once for a command without response.
     *
     * @throws IllegalStateException when the previous response is not complete
     */
    public Progress begin(ExpectedResponse expectedResponse) {
        return begin(expectedResponse, 1);
    }

    /**
     * Starts tracking the response to a command that took {@code commandPackets} wire packets: a
     * command payload of 16 MiB or more is split, and the response's sequence ids continue after
     * the last part.
     */
    public Progress begin(ExpectedResponse expectedResponse, int commandPackets) {
        if (state != State.IDLE && state != State.DONE) {
            throw new IllegalStateException("begin " + expectedResponse + " while the " + expected
                    + " response is in state " + state);
        }
        if (commandPackets < 1) {
            throw new IllegalArgumentException("commandPackets: " + commandPackets + " (expected: >= 1)");
        }
        expected = expectedResponse;
        lastPacketWasOk = false;
        nextSequenceId = commandPackets & 0xFF;
        packetNumber = 0;
        continuationNext = false;
        changes = null;
        end = null;
        preparedStatus = null;
        statementId = -1;
        switch (expectedResponse) {
            case NONE:
                return finish(ResponseEnd.none());
            case FETCH:
                state = State.ROWS;
                break;
            case FIELD_LIST:
                state = State.FIELD_LIST;
                break;
            case AUTHENTICATION:
                state = State.AUTH;
                break;
            default:
                state = State.FIRST;
        }
        return Progress.MORE;
    }

    /** Takes one packet the server sent. The packet is neither released nor moved. */
    public Progress feed(Packet packet) {
        lastPacketWasOk = false;
        boolean continuation = accept(packet);
        if (continuation) {
            return progress();
        }
        ByteBuf payload = packet.payload();
        try {
            return step(payload);
        } catch (ProtocolException e) {
            state = State.IDLE;
            throw e;
        }
    }

    /**
     * Takes one packet the client sent while the response is in flight: LOCAL INFILE data (an empty
     * packet ends it), or an answer during COM_CHANGE_USER authentication. The packet is neither
     * released nor moved.
     */
    public Progress feedClientData(Packet packet) {
        lastPacketWasOk = false;
        boolean continuation = accept(packet);
        if (continuation) {
            return progress();
        }
        switch (state) {
            case LOCAL_INFILE_DATA:
                // An empty packet that is not the tail of a 0xFFFFFF packet ends the file.
                if (!packet.payload().isReadable()) {
                    state = State.LOCAL_INFILE_RESULT;
                }
                return progress();
            case AUTH:
            case AUTH_CLIENT_TURN:
                state = State.AUTH;
                return Progress.MORE;
            default:
                throw fail("client packet", "a server packet");
        }
    }

    /**
     * Whether the packet just given to {@link #feed} was an OK packet: a final OK, an intermediate one
     * (SERVER_MORE_RESULTS_EXISTS in a multi-statement or CALL response), or the 0xFE OK that ends rows
     * under CLIENT_DEPRECATE_EOF. False for an EOF packet without CLIENT_DEPRECATE_EOF, a row, a
     * PREPARE_OK, an ERR, a continuation, and after {@link #feedClientData} and {@link #begin}. A relay
     * asks this to find the packets it must rewrite for a client that negotiated other capabilities
     * than the backend (see {@link io.mybouncer.protocol.packet.OkPacketTranslation}).
     */
    public boolean lastPacketWasOk() {
        return lastPacketWasOk;
    }

    /** True when no packet of the response begun last has been fed yet. */
    public boolean isFirstPacket() {
        return packetNumber == 0;
    }

    /** True when the response is complete. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /**
     * How the response ended.
     *
     * @throws IllegalStateException when it has not ended
     */
    public ResponseEnd end() {
        if (state != State.DONE) {
            throw new IllegalStateException("response not complete: " + state);
        }
        return end;
    }

    /** Checks the sequence id and counts the packet; returns whether it continues the previous one. */
    private boolean accept(Packet packet) {
        if (state == State.IDLE || state == State.DONE) {
            throw new ProtocolException("response packet " + (packetNumber + 1) + ": no response in flight ("
                    + state + " after " + expected + ") (expected: no packet)");
        }
        packetNumber++;
        if (packet.sequenceId() != nextSequenceId) {
            ProtocolException e = new ProtocolException("response packet " + packetNumber + " in state " + state
                    + " for " + expected + ": sequence id: " + packet.sequenceId() + " (expected: "
                    + nextSequenceId + ")");
            state = State.IDLE;
            throw e;
        }
        nextSequenceId = (nextSequenceId + 1) & 0xFF;
        boolean continuation = continuationNext;
        continuationNext = packet.payload().readableBytes() == Packet.MAX_PAYLOAD;
        return continuation;
    }

    private Progress progress() {
        if (state == State.DONE) {
            return Progress.DONE;
        }
        return state == State.LOCAL_INFILE_DATA || state == State.AUTH_CLIENT_TURN
                ? Progress.AWAITING_CLIENT_DATA : Progress.MORE;
    }

    /** One server packet that starts a payload: the transition method of the state machine. */
    private Progress step(ByteBuf payload) {
        if (!payload.isReadable() && state != State.FIRST) {
            throw unexpected(payload, "a non-empty packet");
        }
        int header = payload.isReadable() ? payload.getUnsignedByte(payload.readerIndex()) : -1;
        // 0xFF is an ERR wherever a header is read; only the statistics text gives it no meaning.
        if (header == ErrPacket.HEADER && !(state == State.FIRST && expected == ExpectedResponse.STATISTICS)) {
            return error(payload);
        }
        switch (state) {
            case FIRST:
                return first(payload, header);
            case COLUMN_DEFS:
                return columnDefinition(payload, header);
            case COLUMNS_EOF:
                return columnsEof(payload);
            case ROWS:
                return row(payload, header);
            case PARAM_DEFS:
            case PREPARED_COLUMN_DEFS:
                return preparedDefinition(payload, header);
            case PARAMS_EOF:
            case PREPARED_COLUMNS_EOF:
                return preparedEof(payload);
            case FIELD_LIST:
                if (EofPacket.isEof(payload, caps)) {
                    return terminator(payload);
                }
                return columnDefinitionHeader(payload, header);
            case LOCAL_INFILE_RESULT:
                if (header == OkPacket.HEADER) {
                    return ok(payload);
                }
                throw unexpected(payload, "OK or ERR after the LOCAL INFILE data");
            case AUTH:
                return authentication(payload, header);
            case LOCAL_INFILE_DATA:
            case AUTH_CLIENT_TURN:
                throw unexpected(payload, "a client packet first");
            default:
                throw new IllegalStateException("bad state: " + state);
        }
    }

    private Progress first(ByteBuf payload, int header) {
        switch (expected) {
            case STATISTICS:
                // The statistics text is the whole response; its first byte is just a character.
                return finish(ResponseEnd.statistics());
            case OK:
                if (header == OkPacket.HEADER) {
                    return ok(payload);
                }
                throw unexpected(payload, "OK or ERR");
            case EOF:
                if (header == OkPacket.HEADER) {
                    return ok(payload);
                }
                if (EofPacket.isEof(payload, caps)) {
                    return terminator(payload);
                }
                throw unexpected(payload, "EOF, OK or ERR");
            case PREPARE:
                if (header == OkPacket.HEADER) {
                    return prepareOk(payload);
                }
                throw unexpected(payload, "prepare OK or ERR");
            case TEXT_RESULT:
                if (header == LOCAL_INFILE_HEADER) {
                    state = State.LOCAL_INFILE_DATA;
                    return Progress.AWAITING_CLIENT_DATA;
                }
                return result(payload, header);
            case BINARY_RESULT:
            case BINARY_RESULT_CURSOR:
                return result(payload, header);
            default:
                throw new IllegalStateException("bad state: FIRST for " + expected);
        }
    }

    /** OK, or a column count that starts a result set. */
    private Progress result(ByteBuf payload, int header) {
        if (header == OkPacket.HEADER) {
            return ok(payload);
        }
        if (header == EofPacket.HEADER || header == LOCAL_INFILE_HEADER || header < 0) {
            // 0xFE would announce 2^24 or more columns; 0xFB (NULL) is no count.
            throw unexpected(payload, "OK, ERR or a column count");
        }
        int start = payload.readerIndex();
        long columns;
        boolean metadataFollows = true;
        try {
            columns = intLenenc(payload, "column count");
            if (metadataFlag) {
                // After the count, never before it: a leading 0x00 would read as an OK header.
                metadataFollows = int1(payload, "metadata follows") != 0;
            }
            if (columns <= 0 || payload.isReadable()) {
                payload.readerIndex(start);
                throw unexpected(payload, "a column count above 0 and no trailing bytes");
            }
        } finally {
            payload.readerIndex(start);
        }
        definitionsLeft = columns;
        if (metadataFollows) {
            state = State.COLUMN_DEFS;
        } else {
            state = caps.deprecateEof() ? State.ROWS : State.COLUMNS_EOF;
        }
        return Progress.MORE;
    }

    private Progress columnDefinition(ByteBuf payload, int header) {
        columnDefinitionHeader(payload, header);
        if (--definitionsLeft == 0) {
            state = caps.deprecateEof() ? State.ROWS : State.COLUMNS_EOF;
        }
        return Progress.MORE;
    }

    /** A column definition starts with the length of its catalog ("def"): never 0xFE or 0xFB. */
    private Progress columnDefinitionHeader(ByteBuf payload, int header) {
        if (header == EofPacket.HEADER || header == LOCAL_INFILE_HEADER) {
            throw unexpected(payload, "a column definition");
        }
        return Progress.MORE;
    }

    private Progress columnsEof(ByteBuf payload) {
        if (!EofPacket.isEof(payload, caps)) {
            throw unexpected(payload, "EOF after the column definitions");
        }
        EofPacket eof = decodeEof(payload);
        if (expected == ExpectedResponse.BINARY_RESULT_CURSOR && eof.status().cursorExists()) {
            // The cursor is open: the rows will come with COM_STMT_FETCH.
            return finish(ResponseEnd.eof(eof.status(), eof.warnings(), changes()));
        }
        state = State.ROWS;
        return Progress.MORE;
    }

    private Progress row(ByteBuf payload, int header) {
        if (header == EofPacket.HEADER && EofPacket.isEof(payload, caps)) {
            return terminator(payload);
        }
        if (expected.binaryRows() && header != BINARY_ROW_HEADER) {
            throw unexpected(payload, "a binary row (0x00), the terminator or ERR");
        }
        return Progress.MORE;
    }

    /** The EOF, or OK with header 0xFE under CLIENT_DEPRECATE_EOF, that ends rows or definitions. */
    private Progress terminator(ByteBuf payload) {
        if (caps.deprecateEof()) {
            return ok(payload);
        }
        EofPacket eof = decodeEof(payload);
        if (eof.status().moreResultsExist() && expected.multipleResults()) {
            state = State.FIRST;
            return Progress.MORE;
        }
        return finish(ResponseEnd.eof(eof.status(), eof.warnings(), changes()));
    }

    private Progress ok(ByteBuf payload) {
        int start = payload.readerIndex();
        OkPacket ok;
        try {
            ok = OkPacket.decode(payload, caps);
        } finally {
            payload.readerIndex(start);
        }
        lastPacketWasOk = true;
        if (!ok.sessionStateChanges().isEmpty()) {
            if (changes == null) {
                changes = new ArrayList<>();
            }
            changes.addAll(ok.sessionStateChanges());
        }
        if (ok.status().moreResultsExist() && expected.multipleResults()) {
            state = State.FIRST;
            return Progress.MORE;
        }
        return finish(ResponseEnd.ok(ok.status(), ok.affectedRows(), ok.lastInsertId(), ok.warnings(), changes()));
    }

    /** ERR ends the response anywhere; a MariaDB progress report leaves the state as it was. */
    private Progress error(ByteBuf payload) {
        if (ErrPacket.isProgressReport(payload, caps)) {
            return progress();
        }
        int start = payload.readerIndex();
        ErrPacket err;
        try {
            err = ErrPacket.decode(payload, caps);
        } finally {
            payload.readerIndex(start);
        }
        return finish(ResponseEnd.err(err.errorCode(), err.sqlState(), err.message(), changes()));
    }

    /**
     * COM_STMT_PREPARE_OK: 0x00, int<4> statement id, int<2> columns, int<2> parameters, a filler
     * byte, int<2> warnings (when the packet is longer than 9 bytes), and with
     * CLIENT_OPTIONAL_RESULTSET_METADATA int<1> metadata_follows. Then the parameter definitions and
     * the column definitions, each block followed by an EOF unless CLIENT_DEPRECATE_EOF; a block is
     * absent when its count is 0 or the metadata is not sent.
     *
     * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_com_stmt_prepare.html">COM_STMT_PREPARE</a>
     */
    private Progress prepareOk(ByteBuf payload) {
        int start = payload.readerIndex();
        int parameters;
        try {
            payload.skipBytes(1);
            statementId = int4(payload, "statement id");
            preparedColumns = int2(payload, "number of columns");
            parameters = int2(payload, "number of parameters");
            int1(payload, "reserved");
            preparedWarnings = payload.readableBytes() >= 2 ? int2(payload, "warnings") : 0;
            preparedMetadata = !caps.has(Capability.CLIENT_OPTIONAL_RESULTSET_METADATA) || !payload.isReadable()
                    || int1(payload, "metadata follows") != 0;
        } finally {
            payload.readerIndex(start);
        }
        if (parameters > 0 && preparedMetadata) {
            definitionsLeft = parameters;
            state = State.PARAM_DEFS;
            return Progress.MORE;
        }
        return afterParameters();
    }

    private Progress afterParameters() {
        if (preparedColumns > 0 && preparedMetadata) {
            definitionsLeft = preparedColumns;
            state = State.PREPARED_COLUMN_DEFS;
            return Progress.MORE;
        }
        return finish(ResponseEnd.prepared(statementId, preparedStatus, preparedWarnings));
    }

    private Progress preparedDefinition(ByteBuf payload, int header) {
        columnDefinitionHeader(payload, header);
        if (--definitionsLeft > 0) {
            return Progress.MORE;
        }
        boolean parameters = state == State.PARAM_DEFS;
        if (!caps.deprecateEof()) {
            state = parameters ? State.PARAMS_EOF : State.PREPARED_COLUMNS_EOF;
            return Progress.MORE;
        }
        return parameters ? afterParameters() : finish(ResponseEnd.prepared(statementId, preparedStatus, preparedWarnings));
    }

    private Progress preparedEof(ByteBuf payload) {
        if (!EofPacket.isEof(payload, caps)) {
            throw unexpected(payload, "EOF after the definitions");
        }
        preparedStatus = decodeEof(payload).status();
        if (state == State.PARAMS_EOF) {
            return afterParameters();
        }
        return finish(ResponseEnd.prepared(statementId, preparedStatus, preparedWarnings));
    }

    /**
     * COM_CHANGE_USER: OK or ERR ends it; an AuthSwitchRequest (0xFE) makes it the client's turn;
     * AuthMoreData (0x01) may be followed by either side (caching_sha2's fast-auth success is followed
     * by the server's OK, its full-auth request by the client's password).
     */
    private Progress authentication(ByteBuf payload, int header) {
        switch (header) {
            case OkPacket.HEADER:
                return ok(payload);
            case AUTH_SWITCH_HEADER:
                state = State.AUTH_CLIENT_TURN;
                return Progress.AWAITING_CLIENT_DATA;
            case AUTH_MORE_DATA_HEADER:
                return Progress.MORE;
            default:
                throw unexpected(payload, "OK, ERR, AuthSwitchRequest or AuthMoreData");
        }
    }

    private EofPacket decodeEof(ByteBuf payload) {
        int start = payload.readerIndex();
        try {
            return EofPacket.decode(payload, caps);
        } finally {
            payload.readerIndex(start);
        }
    }

    private List<SessionStateChange> changes() {
        return changes == null ? List.of() : changes;
    }

    private Progress finish(ResponseEnd responseEnd) {
        end = responseEnd;
        state = State.DONE;
        return Progress.DONE;
    }

    private ProtocolException unexpected(ByteBuf payload, String expectedWhat) {
        String header = payload.isReadable()
                ? String.format("0x%02X", payload.getUnsignedByte(payload.readerIndex())) : "empty packet";
        return new ProtocolException("response packet " + packetNumber + " in state " + state + " for " + expected
                + ": header: " + header + " (expected: " + expectedWhat + ")");
    }

    private ProtocolException fail(String actual, String expectedWhat) {
        ProtocolException e = new ProtocolException("response packet " + packetNumber + " in state " + state
                + " for " + expected + ": " + actual + " (expected: " + expectedWhat + ")");
        state = State.IDLE;
        return e;
    }
}
