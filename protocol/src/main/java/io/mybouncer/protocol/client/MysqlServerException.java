package io.mybouncer.protocol.client;

import io.mybouncer.protocol.packet.ErrPacket;

/** The server answered with an ERR packet. */
public final class MysqlServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errorCode;
    private final String sqlState;

    public MysqlServerException(ErrPacket err) {
        this(err.errorCode(), err.sqlState(), err.message());
    }

    public MysqlServerException(int errorCode, String sqlState, String message) {
        super("ERROR " + errorCode + " (" + sqlState + "): " + message);
        this.errorCode = errorCode;
        this.sqlState = sqlState;
    }

    public int errorCode() {
        return errorCode;
    }

    public String sqlState() {
        return sqlState;
    }
}
