package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.packet.Packet;
import io.mybouncer.protocol.response.ResponseEnd;
import io.mybouncer.protocol.response.ResponseTracker;

/**
 * Where a backend's response packets go while a client holds the connection (the client session's
 * relay). Called on the backend's event loop.
 */
public interface ResponseSink {
    /**
     * One response packet, already fed to the tracker, whose progress is given. Ownership of the
     * packet passes to the sink.
     */
    void onPacket(Packet packet, ResponseTracker.Progress progress);

    /** The response ends with the packet that follows: how it ended. */
    void onResponseEnd(ResponseEnd end);

    /** The backend finished delivering a batch of reads: a good moment to flush. */
    void onReadComplete();

    /** The backend connection is gone; {@code cause} says why. */
    void onBackendClosed(Throwable cause);
}
