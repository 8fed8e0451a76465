package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlModeTest {
    @Test
    void readsTheFlagsFromAReportedSqlMode() {
        assertThat(SqlMode.parse("")).isEqualTo(SqlMode.DEFAULT);
        assertThat(SqlMode.parse("STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"))
                .isEqualTo(SqlMode.DEFAULT);
        assertThat(SqlMode.parse("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES")).isEqualTo(new SqlMode(true, false));
        assertThat(SqlMode.parse("REAL_AS_FLOAT,PIPES_AS_CONCAT,ANSI_QUOTES,IGNORE_SPACE,ANSI"))
                .isEqualTo(new SqlMode(false, true));
    }

    @Test
    void ignoresCaseAndSpacesButNotPartsOfNames() {
        assertThat(SqlMode.parse("ansi_quotes, No_Backslash_Escapes")).isEqualTo(new SqlMode(true, true));
        assertThat(SqlMode.parse("NO_BACKSLASH_ESCAPES_X,XANSI_QUOTES")).isEqualTo(SqlMode.DEFAULT);
    }

    @Test
    void backslashesEscapeInDoubleQuotesOnlyWhereTheyAreStrings() {
        assertThat(SqlMode.DEFAULT.backslashEscapesInSingleQuotes()).isTrue();
        assertThat(SqlMode.DEFAULT.backslashEscapesInDoubleQuotes()).isTrue();
        assertThat(new SqlMode(false, true).backslashEscapesInSingleQuotes()).isTrue();
        assertThat(new SqlMode(false, true).backslashEscapesInDoubleQuotes()).isFalse();
        assertThat(new SqlMode(true, false).backslashEscapesInSingleQuotes()).isFalse();
        assertThat(new SqlMode(true, false).backslashEscapesInDoubleQuotes()).isFalse();
    }
}
