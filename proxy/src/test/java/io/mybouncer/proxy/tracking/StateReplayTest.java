package io.mybouncer.proxy.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StateReplayTest {
    private static final Map<String, String> LOGIN = Map.of("character_set_client", "utf8mb4",
            "character_set_results", "utf8mb4", "collation_connection", "utf8mb4_general_ci");

    private static ReplayableState state(String schema, String... nameValues) {
        ReplayableState state = ReplayableState.INITIAL.withSchema(schema);
        for (int i = 0; i < nameValues.length; i += 2) {
            state = state.withVariable(nameValues[i], nameValues[i + 1]);
        }
        return state;
    }

    @Test
    void equalStatesNeedNothing() {
        ReplayableState a = state(null, "time_zone", "+01:00");
        ReplayableState b = state(null, "time_zone", "+01:00");
        assertThat(StateReplay.between(a, b, "app", LOGIN).isEmpty()).isTrue();
    }

    @Test
    void onlyWhatDiffersIsSet() {
        ReplayableState have = state(null, "time_zone", "+01:00", "sql_mode", "ANSI_QUOTES");
        ReplayableState want = state(null, "time_zone", "+01:00", "sql_mode", "STRICT_TRANS_TABLES");
        StateReplay replay = StateReplay.between(have, want, "app", LOGIN);
        assertThat(replay.schema()).isNull();
        assertThat(replay.setStatement()).isEqualTo("SET SESSION sql_mode = 'STRICT_TRANS_TABLES'");
    }

    @Test
    void variablesTheClientNeverSetGoBackToTheirDefault() {
        StateReplay replay = StateReplay.between(state(null, "time_zone", "+01:00", "wait_timeout", "100"),
                ReplayableState.INITIAL, "app", LOGIN);
        assertThat(replay.setStatement()).startsWith("SET SESSION ")
                .contains("time_zone = DEFAULT").contains("wait_timeout = DEFAULT");
    }

    @Test
    void numbersAreBareAndTextIsQuotedAndEscaped() {
        StateReplay replay = StateReplay.between(ReplayableState.INITIAL,
                state(null, "wait_timeout", "100", "max_statement_time", "1.500000", "lc_time_names", "it'\\x"),
                "app", LOGIN);
        assertThat(replay.setStatement()).contains("wait_timeout = 100").contains("max_statement_time = 1.500000")
                .contains("lc_time_names = 'it\\'\\\\x'");
        assertThat(StateReplay.literal("time_zone", "-05:00")).isEqualTo("'-05:00'");
        assertThat(StateReplay.literal("auto_increment_offset", "-3")).isEqualTo("-3");
        assertThat(StateReplay.literal("sql_mode", "")).isEqualTo("''");
    }

    @Test
    void anEmptyCharacterSetResultsIsNull() {
        StateReplay replay = StateReplay.between(ReplayableState.INITIAL,
                state(null, "character_set_results", ""), "app", LOGIN);
        assertThat(replay.setStatement()).isEqualTo("SET SESSION character_set_results = NULL");
    }

    @Test
    void characterSetsGoBackToTheLoginsValuesNotTheGlobalDefault() {
        ReplayableState latin1 = state(null, "character_set_client", "latin1", "character_set_connection", "latin1",
                "character_set_results", "latin1");
        StateReplay replay = StateReplay.between(latin1, ReplayableState.INITIAL, "app", LOGIN);
        assertThat(replay.setStatement()).isEqualTo("SET SESSION character_set_client = 'utf8mb4',"
                + " character_set_results = 'utf8mb4', collation_connection = 'utf8mb4_general_ci'");
    }

    @Test
    void theConnectionPairTakesOneAssignment() {
        ReplayableState collation = state(null, "collation_connection", "utf8mb4_unicode_ci");
        ReplayableState charset = state(null, "character_set_connection", "latin1");
        assertThat(StateReplay.between(charset, collation, "app", LOGIN).setStatement())
                .isEqualTo("SET SESSION collation_connection = 'utf8mb4_unicode_ci'");
        assertThat(StateReplay.between(collation, charset, "app", LOGIN).setStatement())
                .isEqualTo("SET SESSION character_set_connection = 'latin1'");
    }

    @Test
    void schemaChangesFollowTheClientAndItsLogin() {
        assertThat(StateReplay.between(state("other"), ReplayableState.INITIAL, "app", LOGIN).schema()).isEqualTo("app");
        assertThat(StateReplay.between(ReplayableState.INITIAL, state("other"), "app", LOGIN).schema())
                .isEqualTo("other");
        assertThat(StateReplay.between(state("app"), ReplayableState.INITIAL, "app", LOGIN).isEmpty()).isTrue();
        assertThatThrownBy(() -> StateReplay.between(state("other"), ReplayableState.INITIAL, null, LOGIN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("other");
    }
}
