package io.mybouncer.protocol.client;

import io.mybouncer.protocol.packet.Capability;
import io.mybouncer.protocol.packet.CapabilitySet;
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
 * @param optionalCapabilities capabilities asked for on top of those every login uses (see
 *                          {@link ClientLogin}), when the server offers them: the ones that change
 *                          how responses are framed or what a session may do (DEPRECATE_EOF,
 *                          SESSION_TRACK, MULTI_STATEMENTS, FOUND_ROWS, LOCAL_FILES, ...)
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
        CapabilitySet optionalCapabilities,
        Map<String, String> connectAttributes,
        long maxPayload,
        Function<String, byte[]> localInfile) {

    public static final int UTF8MB4_GENERAL_CI = 45;
    public static final long DEFAULT_MAX_PAYLOAD = 64L << 20;
    /** What a modern client asks for: several result sets, and session-state tracking. */
    public static final CapabilitySet DEFAULT_OPTIONAL_CAPABILITIES = CapabilitySet.of(
            Capability.CLIENT_MULTI_RESULTS, Capability.CLIENT_PS_MULTI_RESULTS, Capability.CLIENT_SESSION_TRACK);

    public ClientOptions {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tlsMode, "tlsMode");
        Objects.requireNonNull(optionalCapabilities, "optionalCapabilities");
        if (tlsMode == TlsMode.VERIFY_CA && caCertificate == null) {
            throw new IllegalArgumentException("tlsMode VERIFY_CA needs a caCertificate");
        }
        connectAttributes = Map.copyOf(connectAttributes);
    }

    /** A plain login: no TLS, no schema, EOF packets, no multi-statements, no LOCAL INFILE. */
    public static ClientOptions of(String user, String password) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("_client_name", "mybouncer");
        attributes.put("program_name", "mybouncer");
        attributes.put("_pid", Long.toString(ProcessHandle.current().pid()));
        return new ClientOptions(user, password, null, TlsMode.DISABLED, null, UTF8MB4_GENERAL_CI,
                DEFAULT_OPTIONAL_CAPABILITIES, attributes, DEFAULT_MAX_PAYLOAD, null);
    }

    /** Another account on the same terms, e.g. for COM_CHANGE_USER. */
    public ClientOptions withCredentials(String newUser, String newPassword) {
        return new ClientOptions(newUser, newPassword, database, tlsMode, caCertificate, collationId,
                optionalCapabilities, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withDatabase(String newDatabase) {
        return new ClientOptions(user, password, newDatabase, tlsMode, caCertificate, collationId,
                optionalCapabilities, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withTls(TlsMode newMode, Path newCaCertificate) {
        return new ClientOptions(user, password, database, newMode, newCaCertificate, collationId,
                optionalCapabilities, connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withCollation(int newCollationId) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, newCollationId,
                optionalCapabilities, connectAttributes, maxPayload, localInfile);
    }

    /** Replaces the optional capabilities asked for (the server's offer still limits them). */
    public ClientOptions withOptionalCapabilities(CapabilitySet capabilities) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId, capabilities,
                connectAttributes, maxPayload, localInfile);
    }

    public ClientOptions withConnectAttributes(Map<String, String> attributes) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId,
                optionalCapabilities, attributes, maxPayload, localInfile);
    }

    public ClientOptions withMaxPayload(long newMaxPayload) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId,
                optionalCapabilities, connectAttributes, newMaxPayload, localInfile);
    }

    public ClientOptions withDeprecateEof(boolean enabled) {
        return withOptional(Capability.CLIENT_DEPRECATE_EOF, enabled);
    }

    public ClientOptions withMultiStatements(boolean enabled) {
        return withOptional(Capability.CLIENT_MULTI_STATEMENTS, enabled);
    }

    /** Answers LOCAL INFILE requests from {@code files} (and asks for CLIENT_LOCAL_FILES). */
    public ClientOptions withLocalInfile(Function<String, byte[]> files) {
        return new ClientOptions(user, password, database, tlsMode, caCertificate, collationId,
                optionalCapabilities.with(Capability.CLIENT_LOCAL_FILES), connectAttributes, maxPayload, files);
    }

    private ClientOptions withOptional(Capability capability, boolean enabled) {
        return withOptionalCapabilities(enabled ? optionalCapabilities.with(capability)
                : optionalCapabilities.without(capability));
    }

    @Override
    public String toString() {
        return "ClientOptions[user=" + user + ", password=***, database=" + database + ", tlsMode=" + tlsMode
                + ", optionalCapabilities=" + optionalCapabilities + "]";
    }
}
