package io.mybouncer.proxy.session;

import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.protocol.response.ResponseTracker;
import io.mybouncer.proxy.backend.BackendConnection;
import io.mybouncer.proxy.backend.ResponseSink;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The backend side of one attachment of a backend to a client: writes every response packet to the
 * client unchanged, flushes once per backend read batch, and stops reading the backend while the
 * client cannot take more (the session resumes it when the client is writable again). While the
 * session judges a fork hazard it keeps response packets back ({@link #hold}), then writes them
 * ({@link #resume}) or answers in their place ({@link #answerOwed}).
 *
 * <p>Runs on the backend's event loop and touches only the client channel (thread-safe) and its
 * own backend; what concerns the session is run on the client's loop.
 */
final class ResponseRelay implements ResponseSink {
    /** A response packet kept back, and whether it is its response's last. */
    private record HeldPacket(Packet packet, boolean endsResponse) {
    }

    private final Channel client;
    private final BackendConnection connection;
    /** The backend asked for LOCAL INFILE data: the client's next packets are file data. */
    private final Runnable clientDataExpected;
    /** A response ended, and how. */
    private final Consumer<ResponseEnd> responseEnded;
    /** The backend went away under the client. */
    private final Runnable backendLost;
    /** Response packets kept back while an overlap is judged; null when relaying. */
    private List<HeldPacket> held;
    /** The sequence id after the last packet the client got of the response in flight; -1 when it got none. */
    private int nextSequenceId = -1;

    /** The three callbacks run on the client's event loop. */
    ResponseRelay(Channel client, BackendConnection connection, Runnable clientDataExpected,
            Consumer<ResponseEnd> responseEnded, Runnable backendLost) {
        this.client = client;
        this.connection = connection;
        this.clientDataExpected = clientDataExpected;
        this.responseEnded = responseEnded;
        this.backendLost = backendLost;
    }

    @Override
    public void onPacket(Packet packet, ResponseTracker.Progress progress) {
        if (progress == ResponseTracker.Progress.AWAITING_CLIENT_DATA) {
            // Noted before the request reaches the client (same loop, or queued ahead of the write).
            onLoopOf(client, clientDataExpected);
        }
        boolean ends = progress == ResponseTracker.Progress.DONE;
        if (held != null) {
            held.add(new HeldPacket(packet, ends));
            return;
        }
        write(packet, ends);
        if (!client.isWritable()) {
            connection.channel().config().setAutoRead(false);
        }
    }

    private void write(Packet packet, boolean endsResponse) {
        nextSequenceId = endsResponse ? -1 : (packet.sequenceId() + 1) & 0xFF;
        client.write(packet, client.voidPromise());
    }

    @Override
    public void onResponseEnd(ResponseEnd end) {
        // Noted before the last packet reaches the client, so its next command never looks like an overlap.
        onLoopOf(client, () -> responseEnded.accept(end));
    }

    @Override
    public void onReadComplete() {
        if (held == null) {
            client.flush();
        }
    }

    @Override
    public void onBackendClosed(Throwable cause) {
        onLoopOf(client, backendLost);
    }

    /** Keeps response packets back from now on and stops reading the backend: at most one read's worth is kept. */
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
     * Drops what was kept back and answers every owed response with {@code error}: the one in flight
     * continues where the client's copy stops (an ERR may take a row's place), the others start at
     * their command's next sequence id.
     *
     * @param owed  the first sequence id of each owed response, oldest first
     * @param error the ERR packet to send with a given sequence id
     */
    void answerOwed(List<Integer> owed, IntFunction<Packet> error) {
        dropHeld();
        for (int i = 0; i < owed.size(); i++) {
            client.write(error.apply(i == 0 && nextSequenceId >= 0 ? nextSequenceId : owed.get(i)));
        }
        client.flush();
    }

    /** Releases what was kept back, which no client will read. */
    void dropHeld() {
        if (held != null) {
            held.forEach(packet -> packet.packet().release());
            held = null;
        }
    }

    /** Runs {@code task} on {@code channel}'s event loop, now if already there. */
    static void onLoopOf(Channel channel, Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
