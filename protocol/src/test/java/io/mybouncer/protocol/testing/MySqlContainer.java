package io.mybouncer.protocol.testing;

import io.mybouncer.protocol.testing.TestBackend.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL 8.4 in a Docker container, one per test JVM, shared by {@link TestBackendExtension} (as its
 * last resort) and {@link MySqlContainerExtension}.
 *
 * <p>The server runs with {@code mysql_native_password} enabled (8.4 ships it disabled; the test user
 * needs it), {@code max_allowed_packet=64M} and {@code local_infile=1}, like the private MariaDB.
 * Admin is {@code root}; TLS uses the certificates MySQL generates at initialisation, whose CA is
 * copied out of the container.
 *
 * @see <a href="https://java.testcontainers.org/modules/databases/mysql/">Testcontainers MySQL module</a>
 */
final class MySqlContainer {
    private static final DockerImageName IMAGE = DockerImageName.parse("mysql:8.4");
    private static final Namespace NAMESPACE = Namespace.create(MySqlContainer.class);

    private MySqlContainer() {
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    /** The JVM's container, started on first use and stopped when the test run ends. */
    static StartedBackend shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(StartedBackend.class, key -> start(), StartedBackend.class);
    }

    private static StartedBackend start() {
        MySQLContainer container = new MySQLContainer(IMAGE)
                .withCommand("--mysql-native-password=ON", "--max-allowed-packet=64M", "--local-infile=1");
        container.start();
        try {
            Path caCert = Files.createTempFile("mybouncer-mysql-ca-", ".pem");
            container.copyFileFromContainer("/var/lib/mysql/ca.pem", caCert.toString());
            TestBackend backend = TestBackend.provision(Kind.TESTCONTAINERS, container.getHost(),
                    container.getMappedPort(MySQLContainer.MYSQL_PORT), Optional.empty(), "root",
                    container.getPassword(), Optional.of(caCert));
            return new StartedBackend(backend, () -> {
                container.stop();
                Files.deleteIfExists(caCert);
            }).closeAtExit();
        } catch (IOException e) {
            container.stop();
            throw new UncheckedIOException("copying the CA certificate out of " + IMAGE, e);
        } catch (SQLException e) {
            container.stop();
            throw new IllegalStateException("provisioning test user and schema on " + IMAGE, e);
        }
    }
}
