package io.mybouncer.prefork.load;

/** What one request got back. */
public enum Outcome {
    /** The requested row, with its known value. */
    CORRECT,
    /** Another row, or a value that is not the row's: some other request's answer. */
    WRONG,
    /** A success with no row in it: what a worker that read another statement's OK would report. */
    EMPTY,
    /** No answer: an HTTP error, a reset connection, a timeout, or an answer that could not be read. */
    FAILED
}
