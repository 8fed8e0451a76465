package io.mybouncer.proxy.backend;

import io.mybouncer.protocol.response.ExpectedResponse;

/**
 * Told when a relayed response ends, for the query, transaction and error counters. Called on the
 * backend's event loop for every relayed command: it must be cheap and thread-safe.
 */
public interface RelayObserver {
    /** For connections nobody measures (tests). */
    RelayObserver NONE = new RelayObserver() {
        @Override
        public void responseEnded(ExpectedResponse command, long nanos, boolean error) {
        }

        @Override
        public void transactionEnded() {
        }
    };

    /**
     * A client's command got its whole response.
     *
     * @param command what kind of command it was ({@link ExpectedResponse#multipleResults()} for statements)
     * @param nanos   from forwarding the command to the end of its response
     * @param error   whether the response was an ERR
     */
    void responseEnded(ExpectedResponse command, long nanos, boolean error);

    /** A transaction ended: COMMIT, ROLLBACK, an implicit commit, or a statement run in autocommit mode. */
    void transactionEnded();
}
