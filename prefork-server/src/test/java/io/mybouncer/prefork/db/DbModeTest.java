package io.mybouncer.prefork.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DbModeTest {
    @Test
    void readsTheCommandLineSpellings() {
        assertThat(new DbModeConverter().convert("inherited")).isEqualTo(DbMode.INHERITED);
        assertThat(new DbModeConverter().convert("per-worker")).isEqualTo(DbMode.PER_WORKER);
        assertThat(DbMode.PER_WORKER.option()).isEqualTo("per-worker");
    }

    @Test
    void anythingElseNamesTheValueAndTheChoices() {
        assertThatThrownBy(() -> new DbModeConverter().convert("PER_WORKER"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'PER_WORKER' (expected: inherited or per-worker)");
    }
}
