package io.mybouncer.prefork.handover;

import io.mybouncer.protocol.client.ServerSession;
import io.mybouncer.protocol.packet.CapabilitySet;
import io.mybouncer.protocol.packet.ServerStatus;

/**
 * The master's login, written as one worker argument: a worker that inherits the socket must
 * speak on it with the capabilities that login negotiated (they decide how results are framed),
 * and it cannot ask the server again.
 *
 * <p>Form: {@code connectionId,capabilities,serverCapabilities,status,authPlugin,serverVersion},
 * numbers in hexadecimal; the server version goes last because it is free text.
 */
public final class InheritedSession {
    private static final int FIELDS = 6;

    private InheritedSession() {
    }

    public static String format(ServerSession session) {
        if (session.tls()) {
            throw new IllegalArgumentException("a TLS session cannot be inherited: its state lives in one process");
        }
        return Long.toHexString(session.connectionId()) + ","
                + Long.toHexString(session.capabilities().bits()) + ","
                + Long.toHexString(session.serverCapabilities().bits()) + ","
                + Integer.toHexString(session.status().bits()) + ","
                + session.authPlugin() + ","
                + session.serverVersion();
    }

    public static ServerSession parse(String text) {
        String[] fields = text.split(",", FIELDS);
        if (fields.length != FIELDS) {
            throw new IllegalArgumentException("inherited session: '" + text + "' (expected: " + FIELDS
                    + " comma-separated fields: connectionId,capabilities,serverCapabilities,status,authPlugin,"
                    + "serverVersion)");
        }
        try {
            return new ServerSession(fields[5], Long.parseUnsignedLong(fields[0], 16),
                    new CapabilitySet(Long.parseUnsignedLong(fields[2], 16)),
                    new CapabilitySet(Long.parseUnsignedLong(fields[1], 16)), fields[4], false,
                    // The login's scramble is not handed over: workers never change user on it.
                    new ServerStatus(Integer.parseInt(fields[3], 16)), new byte[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("inherited session: '" + text + "' has a field that is not"
                    + " hexadecimal (" + e.getMessage() + ")", e);
        }
    }
}
