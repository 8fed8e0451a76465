package io.mybouncer.protocol.response;

import static io.mybouncer.protocol.packet.BasicTypes.bytesEof;
import static io.mybouncer.protocol.packet.BasicTypes.int1;
import static io.mybouncer.protocol.packet.BasicTypes.lengthLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.stringLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.writeIntLenenc;
import static io.mybouncer.protocol.packet.BasicTypes.writeStringLenenc;

import io.mybouncer.protocol.packet.ProtocolException;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One entry of the session-state information an OK packet carries when the server sets
 * SERVER_SESSION_STATE_CHANGED (with CLIENT_SESSION_TRACK): {@code int<1> type}, then
 * {@code string<lenenc> data} whose layout depends on the type.
 *
 * <p>Types the proxy does not know are kept as {@link Unknown} rather than rejected: a session whose
 * state cannot be classified is pinned, never broken.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_ok_packet.html">OK_Packet, session state info</a>
 * @see <a href="https://mariadb.com/kb/en/ok_packet/">MariaDB OK_Packet</a>
 */
public sealed interface SessionStateChange {
    int SYSTEM_VARIABLES = 0;
    int SCHEMA = 1;
    int STATE_CHANGE = 2;
    int GTIDS = 3;
    int TRANSACTION_CHARACTERISTICS = 4;
    int TRANSACTION_STATE = 5;

    /** The entry's type byte. */
    int type();

    /** Writes the entry's data, without the type byte and the length prefix. */
    void encodeData(ByteBuf out);

    /** Writes the whole entry: type, length-encoded data length, data. */
    default void encode(ByteBuf out) {
        ByteBuf data = out.alloc().heapBuffer();
        try {
            encodeData(data);
            out.writeByte(type());
            writeIntLenenc(out, data.readableBytes());
            out.writeBytes(data);
        } finally {
            data.release();
        }
    }

    /** Reads one entry and advances past it; the data must be consumed exactly by its type's layout. */
    static SessionStateChange decode(ByteBuf in) {
        int type = int1(in, "session state type");
        ByteBuf data = in.readSlice(lengthLenenc(in, "session state data"));
        SessionStateChange change = switch (type) {
            case SYSTEM_VARIABLES -> new SystemVariable(stringLenenc(data, "variable name"),
                    stringLenenc(data, "variable value"));
            case SCHEMA -> new Schema(stringLenenc(data, "schema"));
            case STATE_CHANGE -> StateChange.decodeData(data);
            case GTIDS -> new Gtids(int1(data, "GTID encoding specification"), stringLenenc(data, "GTIDs"));
            case TRANSACTION_CHARACTERISTICS -> new TransactionCharacteristics(
                    stringLenenc(data, "transaction characteristics"));
            case TRANSACTION_STATE -> TransactionState.decodeData(data);
            default -> new Unknown(type, bytesEof(data));
        };
        if (data.isReadable()) {
            throw ProtocolException.at("session state", "type " + type + " data", data.readerIndex(),
                    data.readableBytes() + " trailing bytes", "none");
        }
        return change;
    }

    /** Reads entries until {@code block} (the session-state information of one OK packet) is empty. */
    static List<SessionStateChange> decodeAll(ByteBuf block) {
        List<SessionStateChange> changes = new ArrayList<>(2);
        while (block.isReadable()) {
            changes.add(decode(block));
        }
        return changes;
    }

    /** Writes the session-state information field: its length-encoded total length, then the entries. */
    static void encodeAll(ByteBuf out, List<SessionStateChange> changes) {
        ByteBuf block = out.alloc().heapBuffer();
        try {
            for (SessionStateChange change : changes) {
                change.encode(block);
            }
            writeIntLenenc(out, block.readableBytes());
            out.writeBytes(block);
        } finally {
            block.release();
        }
    }

    /** SESSION_TRACK_SYSTEM_VARIABLES: one tracked variable and its new value (one entry per variable). */
    record SystemVariable(String name, String value) implements SessionStateChange {
        @Override
        public int type() {
            return SYSTEM_VARIABLES;
        }

        @Override
        public void encodeData(ByteBuf out) {
            writeStringLenenc(out, name);
            writeStringLenenc(out, value);
        }
    }

    /** SESSION_TRACK_SCHEMA: the new default schema. */
    record Schema(String name) implements SessionStateChange {
        @Override
        public int type() {
            return SCHEMA;
        }

        @Override
        public void encodeData(ByteBuf out) {
            writeStringLenenc(out, name);
        }
    }

    /**
     * SESSION_TRACK_STATE_CHANGE: some session state changed (user variables, temporary tables,
     * prepared statements, ...) without saying what. The data is the single character '1' (MySQL's
     * docs call it a string; the server writes the one byte with no inner length, and so does MariaDB
     * 10.11: captured {@code 02 01 31}).
     */
    record StateChange(boolean changed) implements SessionStateChange {
        static StateChange decodeData(ByteBuf data) {
            int offset = data.readerIndex();
            int c = int1(data, "state change");
            if (c != '1' && c != '0') {
                throw ProtocolException.at("session state", "state change", offset, c, "'1' or '0'");
            }
            return new StateChange(c == '1');
        }

        @Override
        public int type() {
            return STATE_CHANGE;
        }

        @Override
        public void encodeData(ByteBuf out) {
            out.writeByte(changed ? '1' : '0');
        }
    }

    /** SESSION_TRACK_GTIDS (MySQL): encoding specification (0: text), then the GTID set as text. */
    record Gtids(int encodingSpecification, String gtids) implements SessionStateChange {
        @Override
        public int type() {
            return GTIDS;
        }

        @Override
        public void encodeData(ByteBuf out) {
            out.writeByte(encodingSpecification);
            writeStringLenenc(out, gtids);
        }
    }

    /**
     * SESSION_TRACK_TRANSACTION_CHARACTERISTICS (MySQL): SQL that would restart the transaction with
     * the same characteristics, e.g. {@code "START TRANSACTION READ ONLY;"}, or empty.
     */
    record TransactionCharacteristics(String statements) implements SessionStateChange {
        @Override
        public int type() {
            return TRANSACTION_CHARACTERISTICS;
        }

        @Override
        public void encodeData(ByteBuf out) {
            writeStringLenenc(out, statements);
        }
    }

    /**
     * SESSION_TRACK_TRANSACTION_STATE (MySQL): eight characters, each either its letter or '_':
     * <ol start="0">
     *   <li>'T' explicit transaction (BEGIN), 'I' implicit (autocommit=0), '_' none;</li>
     *   <li>'r' non-transactional tables read;</li>
     *   <li>'R' transactional tables read;</li>
     *   <li>'w' non-transactional tables written;</li>
     *   <li>'W' transactional tables written;</li>
     *   <li>'s' unsafe statement (e.g. UUID()) used;</li>
     *   <li>'S' a result set was sent;</li>
     *   <li>'L' LOCK TABLES is in effect.</li>
     * </ol>
     */
    record TransactionState(String state) implements SessionStateChange {
        static final int LENGTH = 8;

        public TransactionState {
            if (state.length() != LENGTH) {
                throw new IllegalArgumentException("transaction state must be 8 characters: " + state);
            }
        }

        static TransactionState decodeData(ByteBuf data) {
            int offset = data.readerIndex();
            String state = stringLenenc(data, "transaction state");
            if (state.length() != LENGTH) {
                throw ProtocolException.at("session state", "transaction state", offset, '"' + state + '"',
                        LENGTH + " characters");
            }
            return new TransactionState(state);
        }

        public boolean explicitTransaction() {
            return state.charAt(0) == 'T';
        }

        public boolean implicitTransaction() {
            return state.charAt(0) == 'I';
        }

        public boolean lockTables() {
            return state.charAt(7) == 'L';
        }

        /** True when the state is all '_': no transaction and nothing read, written or locked. */
        public boolean idle() {
            return state.chars().allMatch(c -> c == '_');
        }

        @Override
        public int type() {
            return TRANSACTION_STATE;
        }

        @Override
        public void encodeData(ByteBuf out) {
            writeStringLenenc(out, state);
        }
    }

    /** A type this proxy does not know: kept raw so the session can be pinned, not failed. */
    record Unknown(int type, byte[] data) implements SessionStateChange {
        public Unknown {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public void encodeData(ByteBuf out) {
            out.writeBytes(data);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && type == other.type && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * type + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Unknown[type=" + type + ", data=" + HexFormat.of().formatHex(data) + "]";
        }
    }
}
