package io.mybouncer.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mybouncer.protocol.embedded.LocalMariaDb;
import io.mybouncer.protocol.testing.TestBackend.Kind;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fixture's own backend, whichever it picked here, passes the smoke checks. */
@ExtendWith(TestBackendExtension.class)
class TestBackendIntegrationTest extends BackendSmokeChecks {
    /**
     * The first backend configured on this machine. Deliberately strict: when a configured one fails
     * and the fixture falls back to the next, this test fails, so the run cannot pass silently
     * against a server nobody asked for.
     */
    @Test
    void picksTheFirstBackendConfigured(TestBackend backend) {
        Kind expected = ExternalServer.fromEnvironment().isPresent() ? Kind.EXTERNAL
                : LocalMariaDb.findServer().isPresent() ? Kind.LOCAL_MARIADBD
                : Kind.TESTCONTAINERS;
        assertThat(backend.kind()).isEqualTo(expected);
    }

    @Test
    void privateMariaDbHasSocketTlsAndReportsItsVersion(TestBackend backend) {
        assumeTrue(backend.kind() == Kind.LOCAL_MARIADBD, "not a private mariadbd");
        assertThat(backend.socket()).hasValueSatisfying(socket -> assertThat(Files.exists(socket)).isTrue());
        assertThat(backend.caCert()).hasValueSatisfying(ca -> assertThat(Files.isRegularFile(ca)).isTrue());
        assertThat(backend.serverVersion()).contains("MariaDB");
        assertThat(backend.isMariaDb()).isTrue();
        assertThat(backend.host()).isEqualTo("127.0.0.1");
    }

    @Test
    void everyTestClassGetsTheSameServer(TestBackend first, TestBackend second) {
        assertThat(second).isSameAs(first);
    }
}
