package io.mybouncer.proxy.frontend;

import io.mybouncer.protocol.auth.CachingSha2Password;
import io.mybouncer.protocol.auth.MysqlNativePassword;
import io.netty.handler.ssl.SslContext;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * What every client login shares: built once by whoever wires the listeners, read by each
 * {@link ClientHandshakeHandler}. Immutable; the objects it holds are thread-safe.
 *
 * @param server            the backend identity the greeting shows
 * @param defaultAuthPlugin the plugin the greeting names; clients answer with it first.
 *                          {@value MysqlNativePassword#NAME} (the default) is spoken by every MySQL
 *                          and MariaDB client; {@value CachingSha2Password#NAME} saves MySQL 8
 *                          clients nothing, since the proxy verifies either without a switch
 * @param tls               server-side TLS for clients that send an SslRequest, or {@code null} to
 *                          not offer CLIENT_SSL
 * @param localInfile       offer CLIENT_LOCAL_FILES (LOAD DATA LOCAL INFILE)
 * @param loginTimeout      a login not finished after this long gets an ERR and is closed
 * @param maxPayload        the frame decoder's limit, for the decoder put back behind TLS
 * @param users             the users the proxy knows
 * @param rsaKeys           the proxy's RSA key pair for caching_sha2_password without TLS
 * @param random            scrambles and decoys; thread-safe
 */
public record FrontendSettings(
        ServerIdentity server,
        String defaultAuthPlugin,
        SslContext tls,
        boolean localInfile,
        Duration loginTimeout,
        long maxPayload,
        UserDirectory users,
        KeyPair rsaKeys,
        SecureRandom random) {

    /** Ten seconds: MySQL's connect_timeout. */
    public static final Duration DEFAULT_LOGIN_TIMEOUT = Duration.ofSeconds(10);

    public FrontendSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(loginTimeout, "loginTimeout");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(rsaKeys, "rsaKeys");
        Objects.requireNonNull(random, "random");
        if (!MysqlNativePassword.NAME.equals(defaultAuthPlugin) && !CachingSha2Password.NAME.equals(defaultAuthPlugin)) {
            throw new IllegalArgumentException("defaultAuthPlugin: " + defaultAuthPlugin + " (expected: "
                    + MysqlNativePassword.NAME + " or " + CachingSha2Password.NAME + ")");
        }
        if (tls != null && !tls.isServer()) {
            throw new IllegalArgumentException("tls: a client-side SslContext (expected: SslContextBuilder.forServer)");
        }
        if (loginTimeout.isNegative() || loginTimeout.isZero()) {
            throw new IllegalArgumentException("loginTimeout: " + loginTimeout + " (expected: > 0)");
        }
        if (maxPayload < 1) {
            throw new IllegalArgumentException("maxPayload: " + maxPayload + " (expected: >= 1)");
        }
    }
}
