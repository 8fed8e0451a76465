package io.mybouncer.proxy.session;

import io.mybouncer.protocol.command.CommandType;
import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.packet.ProtocolException;
import io.mybouncer.protocol.response.ExpectedResponse;
import io.mybouncer.protocol.response.ResponseTracker;
import io.mybouncer.proxy.backend.BackendConnection;
import io.mybouncer.proxy.backend.ResponseSink;
import io.mybouncer.proxy.config.ForkSafetyPolicy;
import io.mybouncer.proxy.forksafety.ForkHazardDetector;
import io.mybouncer.proxy.forksafety.ForkHazardDetector.Judgement;
import io.mybouncer.proxy.frontend.ProxyError;
import io.mybouncer.proxy.pool.CloseReason;
import io.mybouncer.proxy.pool.Pool;
import io.mybouncer.proxy.pool.PoolTimeoutException;
import io.mybouncer.proxy.pool.PooledConnection;
import io.netty.channel.Channel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>Fork hazard (DESIGN part 5): a command that arrives while a response is still owed is either
 * pipelining by one process or two processes sharing the socket. The session then holds the
 * command and the rest of the response ({@link SessionState#CHECKING}) while {@link ForkHazardDetector}
 * asks the operating system; pipelining goes on as if nothing happened (and is not asked about again
 * for a while), sharing ends the connection's use ({@link SessionState#FORK_HAZARD}). When the
 * backend lives on another event loop, response packets already on their way when the overlap is
 * seen may still reach the client; on the client's own loop (the usual case) none does.
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
    private final Deque<Packet> waiting = new ArrayDeque<>();
    /** Wire packets of the command being received so far (a command of 16 MiB or more spans several). */
    private int commandPackets;
    /** The command being received, known from its first packet; null between commands. */
    private ExpectedResponse commandResponse;
    /** The backend asked for LOCAL INFILE data: client packets are file data until an empty one. */
    private boolean clientDataExpected;
    /** Sequence id of the client's last packet, for an ERR after its framing broke. */
    private int lastClientSequenceId;

    /** How long a verdict that an overlap was harmless stands before the next overlap is looked up again. */
    private static final long OVERLAP_RECHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ForkHazardDetector forkHazards;
    /** The client's connect attributes: the detector's fallback when the OS cannot say who holds the socket. */
    private final Map<String, String> connectAttributes;
    /**
     * For each command relayed whose response has not ended yet (pipelined commands add up), the
     * sequence id its response starts with: what an ERR in its place must carry.
     */
    private final Deque<Integer> owedResponses = new ArrayDeque<>();
    /** Until when ({@link System#nanoTime()}) an overlap is not looked up: the last one was judged harmless. */
    private long overlapsAllowedUntil = System.nanoTime();
    /** The relay of the current backend, to hold and resume responses while an overlap is judged. */
    private Relay relay;
    /** Why the connection was stopped, for the ERR every command gets in {@link SessionState#FORK_HAZARD}. */
    private String hazardHolders;

    public ClientSession(long id, Channel client, Pool pool, String backendName, ForkHazardDetector forkHazards,
            Map<String, String> connectAttributes) {
        this.id = id;
        this.client = client;
        this.pool = pool;
        this.backendName = backendName;
        this.forkHazards = forkHazards;
        this.connectAttributes = connectAttributes;
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
            case WAITING, CHECKING -> waiting.add(packet);
            case ACTIVE -> forward(packet);
            case FORK_HAZARD -> answerHazard(packet);
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
        Relay newRelay = new Relay(connection);
        relay = newRelay;
        backend.execute(() -> connection.attach(newRelay));
        forwardWaiting();
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
            if (!owedResponses.isEmpty() && forkHazards.policy() != ForkSafetyPolicy.OFF
                    && System.nanoTime() - overlapsAllowedUntil > 0) {
                judgeOverlap(packet);
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
        if (response != null && response != ExpectedResponse.NONE) {
            owedResponses.addLast((packet.sequenceId() + 1) & 0xFF);
        }
        int packets = commandPackets;
        current.execute(() -> current.forwardCommand(packet, response, packets));
    }

    /**
     * A command arrived while a response is owed: hold it, and the rest of the response, until the
     * detector says whether one process or several hold the connection.
     */
    private void judgeOverlap(Packet command) {
        state = SessionState.CHECKING;
        waiting.addFirst(command); // ahead of any command pipelined behind it
        client.config().setAutoRead(false);
        BackendConnection current = backend;
        Relay held = relay;
        current.execute(held::hold);
        forkHazards.judge(client, connectAttributes).addListener((Future<Judgement> done) -> {
            if (state != SessionState.CHECKING) {
                return; // the client left meanwhile
            }
            Judgement judgement = done.getNow();
            if (judgement.verdict() != ForkHazardDetector.Verdict.ONE_PROCESS) {
                forkHazards.report(judgement, describe());
            }
            if (judgement.reject()) {
                stopForHazard(judgement);
                return;
            }
            overlapsAllowedUntil = System.nanoTime() + OVERLAP_RECHECK_NANOS;
            state = SessionState.ACTIVE;
            current.execute(held::resume);
            forwardWaiting();
        });
    }

    /**
     * Forwards the commands that waited (for a backend, or for a verdict) and reads the client again,
     * unless one of them overlapped a response and is being judged now.
     */
    private void forwardWaiting() {
        for (Packet packet; state == SessionState.ACTIVE && (packet = waiting.poll()) != null; ) {
            forward(packet);
        }
        if (state == SessionState.ACTIVE) {
            client.config().setAutoRead(true); // a no-op unless reads were paused
        }
        flushBackend();
    }

    /**
     * Several processes use this connection: the backend goes (cut mid-response if need be, so no
     * process reads a result meant for another), and every response still owed, every held command
     * and every later one gets {@link ProxyError#FORK_HAZARD}. The connection stays open so that each
     * process learns why. The owed ERRs are written from the backend's loop, where the relay knows
     * how much of the response in flight the client already has; the rest follows on this loop.
     */
    private void stopForHazard(Judgement judgement) {
        hazardHolders = judgement.holdersPhrase();
        BackendConnection current = backend;
        Relay held = relay;
        List<Integer> owed = new ArrayList<>(owedResponses);
        owedResponses.clear();
        backend = null;
        relay = null;
        current.execute(() -> {
            held.answerOwed(owed);
            boolean midResponse = current.responsePending();
            current.detach();
            if (midResponse) {
                pool.discard(current, CloseReason.FORK_HAZARD);
            } else {
                pool.release(current);
            }
            onClientLoop(() -> {
                if (state != SessionState.CHECKING) {
                    return; // the client left meanwhile
                }
                state = SessionState.FORK_HAZARD;
                for (Packet packet; (packet = waiting.poll()) != null; ) {
                    answerHazard(packet);
                }
                client.config().setAutoRead(true);
            });
        });
    }

    /** In {@link SessionState#FORK_HAZARD}: the ERR for each command (on its last packet), a quit ends it. */
    private void answerHazard(Packet packet) {
        if (!packet.isContinuation() && CommandType.of(packet.firstByte()) == CommandType.COM_QUIT) {
            packet.release();
            close();
            return;
        }
        boolean lastOfCommand = !packet.hasContinuation();
        int sequenceId = packet.sequenceId() + 1;
        packet.release();
        if (lastOfCommand) {
            client.writeAndFlush(ProxyError.FORK_HAZARD.toPacket(client.alloc(), sequenceId, hazardHolders));
        }
    }

    /** For log lines: {@code session 12 from /127.0.0.1:50412}. */
    private String describe() {
        return "session " + id + " from " + client.remoteAddress();
    }

    /** A relayed response ended; on the client's loop. */
    private void responseEnded() {
        owedResponses.pollFirst(); // empty when a fork hazard answered it already
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
        if (current != null && state != SessionState.CHECKING) {
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
        Relay held = relay;
        backend = null;
        relay = null;
        if (current != null) {
            current.execute(() -> {
                held.dropHeld();
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
    /** A response packet kept back, and whether it is its response's last. */
    private record HeldPacket(Packet packet, boolean endsResponse) {
    }

    private final class Relay implements ResponseSink {
        private final BackendConnection connection;
        /** Response packets kept back while an overlap is judged; null when relaying. Backend loop only. */
        private List<HeldPacket> held;
        /** The sequence id after the last packet the client got of the response in flight; -1 when it got none. */
        private int nextSequenceId = -1;

        Relay(BackendConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onPacket(Packet packet, ResponseTracker.Progress progress) {
            if (progress == ResponseTracker.Progress.AWAITING_CLIENT_DATA) {
                // Set before the request reaches the client (same loop, or queued ahead of the write).
                onClientLoop(() -> clientDataExpected = true);
            }
            if (progress == ResponseTracker.Progress.DONE) {
                onClientLoop(ClientSession.this::responseEnded);
            }
            if (held != null) {
                held.add(new HeldPacket(packet, progress == ResponseTracker.Progress.DONE));
                return;
            }
            write(packet, progress == ResponseTracker.Progress.DONE);
            if (!client.isWritable()) {
                connection.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void onReadComplete() {
            if (held == null) {
                client.flush();
            }
        }

        /** Keeps response packets back from now on, and stops reading the backend (at most one read's worth is kept). */
        void hold() {
            if (held == null) {
                held = new ArrayList<>();
                connection.channel().config().setAutoRead(false);
            }
        }

        /** Writes what was kept back, in order, and relays as usual again. */
        void resume() {
            List<HeldPacket> kept = held;
            held = null;
            if (kept != null) {
                kept.forEach(packet -> write(packet.packet(), packet.endsResponse()));
                client.flush();
            }
            connection.channel().config().setAutoRead(client.isWritable());
        }

        /**
         * Drops what was kept back and answers every owed response with the fork-hazard ERR: the one
         * in flight continues where the client's copy stops (an ERR may take a row's place), the
         * others start at their command's next sequence id.
         *
         * @param owed the first sequence id of each owed response, oldest first
         */
        void answerOwed(List<Integer> owed) {
            dropHeld();
            for (int i = 0; i < owed.size(); i++) {
                int sequenceId = i == 0 && nextSequenceId >= 0 ? nextSequenceId : owed.get(i);
                client.write(ProxyError.FORK_HAZARD.toPacket(client.alloc(), sequenceId, hazardHolders));
            }
            client.flush();
        }

        /** Releases what was kept back, which no client will read. */
        void dropHeld() {
            if (held != null) {
                held.forEach(kept -> kept.packet().release());
                held = null;
            }
        }

        private void write(Packet packet, boolean endsResponse) {
            nextSequenceId = endsResponse ? -1 : (packet.sequenceId() + 1) & 0xFF;
            client.write(packet, client.voidPromise());
        }

        /** The backend went away under the client: its session state is lost, so the session ends. */
        @Override
        public void onBackendClosed(Throwable cause) {
            onClientLoop(ClientSession.this::close);
        }
    }
}
