package io.mybouncer.protocol.testing;

import io.mybouncer.protocol.embedded.LocalMariaDb;
import io.mybouncer.protocol.testing.TestBackend.Kind;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves {@link TestBackend} parameters (test methods, constructors, {@code @BeforeAll}) to one
 * server per test JVM, started on first use and stopped when the test run ends. It takes the first
 * of these that works and logs one line to stderr naming it:
 * <ol>
 *   <li>{@link Kind#EXTERNAL}: the server in {@code MYBOUNCER_TEST_MYSQL=host:port:user:password};
 *   <li>{@link Kind#LOCAL_MARIADBD}: a private {@code mariadbd} from the PATH or {@code /usr/sbin}
 *       ({@link LocalMariaDb}), with TLS, on a free loopback port and its own Unix socket;
 *   <li>{@link Kind#TESTCONTAINERS}: MySQL 8.4, where a Docker engine runs.
 * </ol>
 * A candidate that is present but fails is reported on stderr and the next one is tried; when none
 * works, resolution fails with every cause attached.
 */
public final class TestBackendExtension implements ParameterResolver {
    private static final Namespace NAMESPACE = Namespace.create(TestBackendExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestBackend.class;
    }

    @Override
    public TestBackend resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(StartedBackend.class, key -> startFirstThatWorks(context), StartedBackend.class)
                .backend();
    }

    private static StartedBackend startFirstThatWorks(ExtensionContext context) {
        IllegalStateException none = new IllegalStateException("no test backend: set " + ExternalServer.VARIABLE
                + "=host:port:user:password, install mariadb-server (mariadbd), or run a Docker engine");
        Optional<ExternalServer> external = ExternalServer.fromEnvironment();
        if (external.isPresent()) {
            try {
                return announce(external.get().start());
            } catch (SQLException e) {
                skip(none, Kind.EXTERNAL, e);
            }
        }
        if (LocalMariaDb.findServer().isPresent()) {
            try {
                return announce(startLocalMariaDb().closeAtExit());
            } catch (IOException | SQLException e) {
                skip(none, Kind.LOCAL_MARIADBD, e);
            }
        }
        if (MySqlContainer.dockerAvailable()) {
            return announce(MySqlContainer.shared(context));
        }
        throw none;
    }

    private static StartedBackend startLocalMariaDb() throws IOException, SQLException {
        LocalMariaDb server = LocalMariaDb.start(LocalMariaDb.Options.defaults());
        try {
            TestBackend backend = TestBackend.provision(Kind.LOCAL_MARIADBD, server.host(), server.port(),
                    Optional.of(server.socket()), server.rootUser(), server.rootPassword(), server.caCert());
            return new StartedBackend(backend, server);
        } catch (SQLException | RuntimeException e) {
            try {
                server.close();
            } catch (IOException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private static StartedBackend announce(StartedBackend started) {
        System.err.println("[mybouncer] test backend: " + started.backend());
        return started;
    }

    /** A candidate that was there but failed: say so now, keep the cause for the final error. */
    private static void skip(IllegalStateException none, Kind kind, Exception cause) {
        System.err.println("[mybouncer] test backend " + kind + " failed, trying the next: " + cause);
        none.addSuppressed(cause);
    }
}
