package io.mybouncer.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.protocol.testing.TestBackend.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MySQL 8.4 in a container passes the same smoke checks; skipped where no Docker engine runs. */
@ExtendWith(MySqlContainerExtension.class)
class MySqlContainerIntegrationTest extends BackendSmokeChecks {
    @Test
    void runsMySql84(TestBackend mysql) {
        assertThat(mysql.kind()).isEqualTo(Kind.TESTCONTAINERS);
        assertThat(mysql.serverVersion()).startsWith("8.4.");
        assertThat(mysql.isMariaDb()).isFalse();
    }
}
