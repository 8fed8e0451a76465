package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.RsaPasswordEncryptor;
import java.security.KeyPair;
import java.security.SecureRandom;

/** One RSA key pair per test JVM: generating a 2048-bit pair takes a noticeable fraction of a second. */
final class RsaKeys {
    static final KeyPair PAIR = RsaPasswordEncryptor.generateKeyPair(new SecureRandom());

    private RsaKeys() {
    }
}
