package io.mybouncer.proxy.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementEffectsTest {
    @Test
    void noneHasNothing() {
        assertThat(StatementEffects.NONE.isEmpty()).isTrue();
        assertThat(StatementEffects.NONE.toSet()).isEmpty();
        assertThat(StatementEffects.of()).isSameAs(StatementEffects.NONE);
        for (Effect effect : Effect.values()) {
            assertThat(StatementEffects.NONE.has(effect)).as(effect.name()).isFalse();
        }
    }

    @Test
    void hasExactlyTheEffectsItWasMadeOf() {
        StatementEffects effects = StatementEffects.of(Effect.UNKNOWN, Effect.USER_VARIABLE_WRITE);
        assertThat(effects.isEmpty()).isFalse();
        assertThat(effects.has(Effect.USER_VARIABLE_WRITE)).isTrue();
        assertThat(effects.has(Effect.UNKNOWN)).isTrue();
        assertThat(effects.has(Effect.CALL)).isFalse();
        assertThat(effects.toSet()).containsExactly(Effect.USER_VARIABLE_WRITE, Effect.UNKNOWN);
        assertThat(effects).hasToString("StatementEffects[USER_VARIABLE_WRITE, UNKNOWN]");
    }

    @Test
    void singleEffectsAreSharedAndEveryEffectHasItsOwnBit() {
        for (Effect effect : Effect.values()) {
            StatementEffects single = StatementEffects.of(effect);
            assertThat(StatementEffects.of(effect, effect)).isSameAs(single);
            assertThat(single.toSet()).containsExactly(effect);
        }
    }

    @Test
    void equalWhenTheEffectsAre() {
        assertThat(StatementEffects.of(Effect.XA, Effect.CALL)).isEqualTo(StatementEffects.of(Effect.CALL, Effect.XA))
                .hasSameHashCodeAs(StatementEffects.of(Effect.CALL, Effect.XA))
                .isNotEqualTo(StatementEffects.of(Effect.XA));
    }
}
