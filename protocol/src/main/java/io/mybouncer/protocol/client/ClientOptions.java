package io.mybouncer.protocol.client;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the client logs in with and how it talks afterwards.
 *
 * @param user              login name
 * @param password          plaintext password, or empty; never printed ({@link #toString()})
 * @param database          initial schema, or {@code null}
 * @param tlsMode           whether and how to use TLS
 * @param caCertificate     PEM CA certificate for {@link TlsMode#VERIFY_CA}, or {@code null}
 * @param collationId       collation announced in the handshake response (45 = utf8mb4_general_ci)
 * @param deprecateEof      ask for CLIENT_DEPRECATE_EOF (OK packets instead of EOF)
 * @param multiStatements   ask for CLIENT_MULTI_STATEMENTS
 * @param connectAttributes connect attributes sent with the login
 * @param maxPayload        largest logical payload accepted from the server
 * @param localInfile       answers a LOCAL INFILE request with the named file's bytes; {@code null}
 *                          refuses LOCAL INFILE (the capability is not even announced)
 */
public record ClientOptions(
        String user,
        String password,
        String database,
        TlsMode tlsMode,
        Path caCertificate,
        int collationId,
        boolean deprecateEof,
        boolean multiStatements,
        Map<String, String> connectAttributes,
        long maxPayload,
        Function<String, byte[]> localInfile) {

    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final long DEFAULT_MAX_PAYLOAD = 64L << 20;

    public ClientOptions {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tlsMode, "tlsMode");
        if (tlsMode == TlsMode.VERIFY_CA && caCertificate == null) {
            throw new IllegalArgumentException("tlsMode VERIFY_CA needs a caCertificate");
        }
        connectAttributes = Map.copyOf(connectAttributes);
    }

    /** A plain login: no TLS, no schema, EOF packets, no multi-statements, no LOCAL INFILE. */
    public static ClientOptions of(String user, String password) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_client_name", "mybouncer");
        attributes.put("_pid", Long.toString(ProcessHandle.current().pid()));
        return new ClientOptions(user, password, null, TlsMode.DISABLED, null, UTF8MB4_GENERAL_CI,
                false, false, attributes, DEFAULT_MAX_PAYLOAD, null);
    }

    public ClientOptions withDatabase(String newDatabase) {
        return new ClientOptions(user, password, newDatabase, tlsMode, caCertificate, collationId, deprecateEof,
                multiStatements, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withTls(TlsMode newMode, Path newCaCertificate) {
        return new ClientOptions(user, password, database, newMode, newCaCertificate, collationId, deprecateEof,
                multiStatements, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withDeprecateEof(boolean enabled) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId, enabled,
                multiStatements, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withMultiStatements(boolean enabled) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId, deprecateEof,
                enabled, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withLocalInfile(Function<String, byte[]> files) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId, deprecateEof,
                multiStatements, connectAttributes, maxPayload, files);
    }

    @Override
    public String toString() {
        return "ClientOptions[user=" + user + ", password=***, database=" + database + ", tlsMode=" + tlsMode
                + ", deprecateEof=" + deprecateEof + ", multiStatements=" + multiStatements + "]";
    }
}
