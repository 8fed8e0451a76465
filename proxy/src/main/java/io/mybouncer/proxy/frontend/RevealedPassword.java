package io.mybouncer.proxy.frontend;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client's plaintext password, revealed by caching_sha2_password full authentication (in the clear
 * over TLS or a Unix socket, or RSA-encrypted). Kept only to log in to the backend as that user in
 * passthrough mode; never printed. The holder calls {@link #wipe()} once it is no longer needed.
 */
public final class RevealedPassword {
    /** Written once by the constructor, zeroed by {@link #wipe()}; confined to one event loop. */
    private final byte[] bytes;

    /** Takes ownership of {@code bytes} (UTF-8, without the terminating NUL). */
    RevealedPassword(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of the UTF-8 bytes; the caller wipes it. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The password as text, for clients that take a {@code String}. */
    public String asString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Overwrites the bytes with zeros. */
    public void wipe() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "RevealedPassword[redacted]";
    }
}
