package io.mybouncer.protocol.auth;

import io.mybouncer.protocol.golden.GoldenVectors;

/** The connection-phase golden vectors, by name. */
final class Payloads {
    private Payloads() {
    }

    /** The payload of the one-packet golden vector {@code connection/<name>}. */
    static byte[] golden(String name) {
        return GoldenVectors.payloadBytes("connection/" + name);
    }
}
