package io.mybouncer.proxy.session;

import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.response.ResponseTracker;
import io.mybouncer.proxy.backend.BackendConnection;
import io.mybouncer.proxy.backend.ResponseSink;
import io.netty.channel.Channel;

/**
 * The backend side of one attachment of a backend to a client: writes every response packet to the
 * client unchanged, flushes once per backend read batch, and stops reading the backend while the
 * client cannot take more (the session resumes it when the client is writable again).
 *
 * <p>Runs on the backend's event loop and touches only the client channel (thread-safe) and its
 * own backend; what concerns the session is run on the client's loop.
 */
final class ResponseRelay implements ResponseSink {
    private final Channel client;
    private final BackendConnection connection;
    /** The backend asked for LOCAL INFILE data: the client's next packets are file data. */
    private final Runnable clientDataExpected;
    /** The backend went away under the client. */
    private final Runnable backendLost;

    /** The two callbacks run on the client's event loop. */
    ResponseRelay(Channel client, BackendConnection connection, Runnable clientDataExpected, Runnable backendLost) {
        this.client = client;
        this.connection = connection;
        this.clientDataExpected = clientDataExpected;
        this.backendLost = backendLost;
    }

    @Override
    public void onPacket(Packet packet, ResponseTracker.Progress progress) {
        if (progress == ResponseTracker.Progress.AWAITING_CLIENT_DATA) {
            // Noted before the request reaches the client (same loop, or queued ahead of the write).
            onLoopOf(client, clientDataExpected);
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

    @Override
    public void onBackendClosed(Throwable cause) {
        onLoopOf(client, backendLost);
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
