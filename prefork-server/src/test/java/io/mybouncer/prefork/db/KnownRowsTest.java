package io.mybouncer.prefork.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownRowsTest {
    @Test
    void theQueryNamesTheRequestedIdTwice() {
        assertThat(KnownRows.lookup(42)).isEqualTo("SELECT 42 AS id, name FROM t WHERE id = 42");
        assertThat(KnownRows.expectedValue(42)).isEqualTo("row-42");
    }

    @Test
    void seedingCreatesTheTableThenReplacesRowsInBatches() {
        List<String> statements = KnownRows.seedStatements(1001);
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).isEqualTo("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, name VARCHAR(20)"
                + " NOT NULL)");
        assertThat(statements.get(1)).startsWith("REPLACE INTO t (id, name) VALUES (1, 'row-1'), (2, 'row-2'), ")
                .endsWith(", (500, 'row-500')");
        assertThat(statements.get(2)).startsWith("REPLACE INTO t (id, name) VALUES (501, 'row-501'), ")
                .endsWith(", (1000, 'row-1000')");
        assertThat(statements.get(3)).isEqualTo("REPLACE INTO t (id, name) VALUES (1001, 'row-1001')");
    }

    @Test
    void refusesARowCountOutOfRangeBeforeConnecting() {
        assertThatThrownBy(() -> KnownRows.seed((DbLogin) null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rows: 0 (expected: 1..1000000)");
    }
}
