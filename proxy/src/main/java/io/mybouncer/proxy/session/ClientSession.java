package io.mybouncer.proxy.session;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseTracker;
import io.mybouncer.proxy.backend.BackendConnection;
import io.mybouncer.proxy.backend.ResponseSink;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.pool.CloseReason;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolTimeoutException;
import io.mybouncer.proxy.pool.PooledConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One client's session in session pool mode: the client gets a backend from its pool at its first
 * command and keeps it until it leaves; every command is relayed as it is, every response packet
 * goes back unchanged (no row is decoded), and the backend's {@link ResponseTracker} says where
 * each response ends.
 *
 * <p>The session is confined to the client channel's event loop. The pool hands out backends on
 * that loop when it can; when a backend lives on another loop, calls into it hop to its loop
 * ({@link BackendConnection#execute}) and its callbacks hop back here, so each side's state is
 * only touched by its own thread and packet order is kept in both directions.
 *
 * <p>Backpressure: the backend is not read while the client cannot take more (channel not
 * writable), and the client is not read while it waits for a backend or while the backend cannot
 * take more; so memory per session stays bounded whatever the result or upload size.
 */
public final class ClientSession {
    private static final System.Logger LOG = System.getLogger(ClientSession.class.getName());

    private final long id;
    private final Channel client;
    private final Pool pool;
    /** The backend's address as the client may read it in an ERR: {@code host:port}. */
    private final String backendName;

    /** Written on the client's loop only; volatile for the metrics scrape that counts sessions by state. */
    private volatile SessionState state = SessionState.IDLE;
    private BackendConnection backend;
    /** Packets that arrived before a backend was attached; the client is not read meanwhile. */
    private final Queue<Packet> waiting = new ArrayDeque<>();
    /** Wire packets of the command being received so far (a command of 16 MiB or more spans several). */
    private int commandPackets;
    /** The command being received, known from its first packet; null between commands. */
    private ExpectedResponse commandResponse;
    /** The backend asked for LOCAL INFILE data: client packets are file data until an empty one. */
    private boolean clientDataExpected;
    /** Sequence id of the client's last packet, for an ERR after its framing broke. */
    private int lastClientSequenceId;

    public ClientSession(long id, Channel client, Pool pool, String backendName) {
        this.id = id;
        this.client = client;
        this.pool = pool;
        this.backendName = backendName;
    }

    public long id() {
        return id;
    }

    public SessionState state() {
        return state;
    }

    // ---- client side (client event loop) ----

    /** A packet from the client. Ownership passes here. */
    public void onClientPacket(Packet packet) {
        lastClientSequenceId = packet.sequenceId();
        switch (state) {
            case IDLE -> {
                if (!packet.isContinuation() && !clientDataExpected && refused(packet)) {
                    return;
                }
                waiting.add(packet);
                acquire();
            }
            case WAITING -> waiting.add(packet);
            case ACTIVE -> forward(packet);
            case CLOSED -> packet.release();
            default -> throw new IllegalStateException("bad state: " + state);
        }
    }

    /** Commands the session answers itself instead of sending to a backend. True when consumed. */
    private boolean refused(Packet packet) {
        CommandType command = CommandType.of(packet.firstByte());
        if (command == CommandType.COM_QUIT) {
            packet.release();
            close();
            return true;
        }
        String why = refusal(command);
        if (why == null) {
            return false;
        }
        int sequenceId = packet.sequenceId() + 1;
        packet.release();
        client.writeAndFlush(ProxyError.COMMAND_REFUSED.toPacket(client.alloc(), sequenceId, command.name(), why));
        return true;
    }

    /** Why no backend may see this command (the reason in {@link ProxyError#COMMAND_REFUSED}), or null to relay it. */
    private static String refusal(CommandType command) {
        if (command == null) {
            return null;
        }
        return switch (command.kind()) {
            case REPLICATION -> "a replication stream cannot share a pooled connection";
            case INTERNAL -> "it is internal to the server";
            default -> command == CommandType.COM_CHANGE_USER
                    ? "the pooled backend connection is logged in as the proxy's configured user" : null;
        };
    }

    private void acquire() {
        state = SessionState.WAITING;
        Future<PooledConnection> acquiring = pool.acquire(client.eventLoop());
        if (acquiring.isDone()) {
            // The hot path: an idle backend at once. Reads never pause (two epoll_ctl calls saved).
            onAcquired(acquiring);
            return;
        }
        // No reads while waiting, so the queue of waiting packets stays bounded.
        client.config().setAutoRead(false);
        acquiring.addListener((Future<PooledConnection> done) -> onAcquired(done));
    }

    private void onAcquired(Future<PooledConnection> done) {
        if (state == SessionState.CLOSED) {
            if (done.isSuccess()) {
                pool.release(done.getNow());
            }
            return;
        }
        if (done.isSuccess()) {
            attach((BackendConnection) done.getNow());
        } else {
            refuseWaiting(done.cause());
        }
    }

    private void attach(BackendConnection connection) {
        backend = connection;
        state = SessionState.ACTIVE;
        Relay relay = new Relay(connection);
        backend.execute(() -> connection.attach(relay));
        for (Packet packet; (packet = waiting.poll()) != null; ) {
            forward(packet);
        }
        client.config().setAutoRead(true); // no-op unless the acquire had to wait
        flushBackend();
    }

    /** The pool could not hand out a backend: every waiting command gets the ERR. */
    private void refuseWaiting(Throwable cause) {
        for (Packet packet; (packet = waiting.poll()) != null; ) {
            boolean lastOfCommand = !packet.hasContinuation();
            int sequenceId = packet.sequenceId() + 1;
            packet.release();
            if (lastOfCommand) {
                client.write(refusalOf(cause, sequenceId));
            }
        }
        client.flush();
        state = SessionState.IDLE;
        client.config().setAutoRead(true);
    }

    /**
     * The ERR for a failed acquire: 1040 naming the pool, its size and the wait when every backend
     * was busy; 2003-style with the connect error when connecting to the backend failed (the wait
     * ended while connects were failing, or the pool gave up at once).
     */
    private Packet refusalOf(Throwable cause, int sequenceId) {
        if (cause instanceof PoolTimeoutException timeout && !timeout.backendUnreachable()) {
            return ProxyError.POOL_TIMEOUT.toPacket(client.alloc(), sequenceId, timeout.key(), timeout.size(),
                    timeout.timeout().toMillis());
        }
        Throwable connectError = cause instanceof PoolTimeoutException ? cause.getCause() : cause;
        String detail = connectError.getMessage() != null ? connectError.getMessage()
                : connectError.getClass().getSimpleName();
        return ProxyError.BACKEND_UNREACHABLE.toPacket(client.alloc(), sequenceId, backendName, detail);
    }

    /**
     * Hands one client packet to the backend's loop. The task captures the backend in a local:
     * reading the field there would race with {@link #onClientClosed} clearing it on this loop (a
     * COM_STMT_CLOSE and a COM_QUIT arriving in one read, then the close running before the task),
     * and the packet would be lost to a NullPointerException on the backend's loop, unreleased.
     */
    private void forward(Packet packet) {
        BackendConnection current = backend;
        if (clientDataExpected) {
            // LOCAL INFILE data ends with an empty packet that does not continue a full one.
            clientDataExpected = packet.isContinuation() || packet.content().isReadable();
            current.execute(() -> current.forwardClientData(packet));
            return;
        }
        if (!packet.isContinuation()) {
            if (refused(packet)) {
                return;
            }
            commandPackets = 0;
            try {
                commandResponse = ExpectedResponse.of(packet.content());
            } catch (ProtocolException e) {
                packet.release();
                fail(ProxyError.PROTOCOL_VIOLATION, packet.sequenceId() + 1, e.getMessage());
                return;
            }
        }
        commandPackets++;
        boolean last = !packet.hasContinuation();
        ExpectedResponse response = last ? commandResponse : null;
        int packets = commandPackets;
        current.execute(() -> current.forwardCommand(packet, response, packets));
    }

    /** The client finished a batch of reads: send what was forwarded in one flush. */
    public void onClientReadComplete() {
        if (state == SessionState.ACTIVE) {
            flushBackend();
        }
    }

    private void flushBackend() {
        BackendConnection current = backend;
        current.execute(current::flush);
    }

    /** The client's channel can take more again: resume reading the backend. */
    public void onClientWritable() {
        BackendConnection current = backend;
        if (current != null) {
            current.execute(() -> current.channel().config().setAutoRead(true));
        }
    }

    /** The client is gone: the backend goes back to the pool, or is closed if mid-response. */
    public void onClientClosed() {
        if (state == SessionState.CLOSED) {
            return;
        }
        state = SessionState.CLOSED;
        for (Packet packet; (packet = waiting.poll()) != null; ) {
            packet.release();
        }
        BackendConnection current = backend;
        backend = null;
        if (current != null) {
            current.execute(() -> {
                boolean midResponse = current.responsePending();
                current.detach();
                if (midResponse) {
                    pool.discard(current, CloseReason.CLIENT_DISCONNECTED_MID_RESPONSE);
                } else {
                    pool.release(current);
                }
            });
        }
    }

    /**
     * The client's bytes could not be framed (or another error surfaced on its channel): tell it
     * why, if it is still there, and end the session. Its sequence is lost, so the ERR carries the
     * id that follows the last packet it sent.
     */
    public void onClientError(Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        LOG.log(System.Logger.Level.INFO, "session {0}: closing after client error: {1}", id, reason.toString());
        fail(ProxyError.PROTOCOL_VIOLATION, lastClientSequenceId + 1, String.valueOf(reason.getMessage()));
    }

    private void fail(ProxyError error, int sequenceId, String detail) {
        client.writeAndFlush(error.toPacket(client.alloc(), sequenceId, detail));
        close();
    }

    private void close() {
        client.close();
    }

    private void onClientLoop(Runnable task) {
        if (client.eventLoop().inEventLoop()) {
            task.run();
        } else {
            client.eventLoop().execute(task);
        }
    }

    /**
     * The backend side of one attachment: runs on the backend's event loop and touches only the
     * client channel (thread-safe) and its own backend; session state changes hop to the client's loop.
     */
    private final class Relay implements ResponseSink {
        private final BackendConnection connection;

        Relay(BackendConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onPacket(Packet packet, ResponseTracker.Progress progress) {
            if (progress == ResponseTracker.Progress.AWAITING_CLIENT_DATA) {
                // Set before the request reaches the client (same loop, or queued ahead of the write).
                onClientLoop(() -> clientDataExpected = true);
            }
            client.write(packet, client.voidPromise());
            if (!client.isWritable()) {
                connection.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void onReadComplete() {
            client.flush();
        }

        /** The backend went away under the client: its session state is lost, so the session ends. */
        @Override
        public void onBackendClosed(Throwable cause) {
            onClientLoop(ClientSession.this::close);
        }
    }
}
