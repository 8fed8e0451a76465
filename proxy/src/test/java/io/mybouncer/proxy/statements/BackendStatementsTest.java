package io.mybouncer.proxy.statements;

import static io.mybouncer.proxy.statements.StatementPayloads.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mybouncer.proxy.config.PoolSettings;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendStatementsTest {
    private static final StatementText A = text("SELECT a FROM t WHERE id = ?");
    private static final StatementText B = text("SELECT b FROM t WHERE id = ?");
    private static final StatementText C = text("SELECT c FROM t WHERE id = ?");
    private static final StatementText D = text("SELECT d FROM t WHERE id = ?");

    /** The backend ids the cache asked to close, in order. */
    private final List<Long> closed = new ArrayList<>();

    private BackendStatements cache(int capacity) {
        return new BackendStatements(capacity, closed::add);
    }

    @Test
    void findsWhatWasPreparedHereAndCountsHits() {
        BackendStatements cache = cache(4);
        BackendStatement a = cache.register(A, 11, 1);
        assertThat(cache.lookup(A)).isSameAs(a);
        assertThat(cache.lookup(text("SELECT a FROM t WHERE id = ?"))).as("equal text, another instance").isSameAs(a);
        assertThat(cache.lookup(B)).isNull();
        assertThat(a.id()).isEqualTo(11);
        assertThat(a.parameterCount()).isEqualTo(1);
        assertThat(a.text()).isSameAs(A);
        assertThat(cache.hits()).isEqualTo(2);
        assertThat(cache.prepares()).isEqualTo(1);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(closed).isEmpty();
    }

    @Test
    void evictsTheLeastRecentlyUsedAndClosesItOnTheBackend() {
        BackendStatements cache = cache(2);
        cache.register(A, 11, 1);
        cache.register(B, 12, 1);
        cache.lookup(A);
        cache.register(C, 13, 1);
        assertThat(closed).as("B was used least recently").containsExactly(12L);
        assertThat(cache.lookup(B)).isNull();
        assertThat(cache.lookup(A)).isNotNull();
        cache.register(D, 14, 1);
        assertThat(closed).containsExactly(12L, 13L);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.evictions()).isEqualTo(2);
        assertThat(cache.prepares()).isEqualTo(4);
    }

    @Test
    void neverEvictsAPinnedStatement() {
        BackendStatements cache = cache(2);
        BackendStatement a = cache.register(A, 11, 1);
        a.pin();
        cache.register(B, 12, 1);
        cache.register(C, 13, 1);
        assertThat(closed).as("A is the eldest but holds a cursor").containsExactly(12L);
        assertThat(cache.lookup(A)).isSameAs(a);
    }

    @Test
    void growsPastItsCapacityWhileEverythingElseIsPinnedAndShrinksOnTheNextPrepare() {
        BackendStatements cache = cache(1);
        BackendStatement a = cache.register(A, 11, 1);
        a.pin();
        a.pin();
        BackendStatement b = cache.register(B, 12, 1);
        b.pin();
        cache.register(C, 13, 1);
        assertThat(cache.size()).isEqualTo(3);
        assertThat(closed).isEmpty();
        a.unpin();
        assertThat(a.isPinned()).as("a second reason still holds it").isTrue();
        a.unpin();
        b.unpin();
        assertThat(a.isPinned()).isFalse();
        cache.register(D, 14, 1);
        assertThat(closed).containsExactly(11L, 12L, 13L);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.evictions()).isEqualTo(3);
    }

    @Test
    void keepsTheCachedStatementWhenTheSameTextIsPreparedAgain() {
        BackendStatements cache = cache(4);
        BackendStatement a = cache.register(A, 11, 1);
        BackendStatement again = cache.register(text("SELECT a FROM t WHERE id = ?"), 21, 1);
        assertThat(again).isSameAs(a);
        assertThat(closed).as("the second server statement is not needed").containsExactly(21L);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.prepares()).isEqualTo(2);
        assertThat(cache.evictions()).isZero();
    }

    @Test
    void discardClosesAPinnedStatementAtOnce() {
        BackendStatements cache = cache(4);
        BackendStatement a = cache.register(A, 11, 1);
        a.pin();
        cache.discard(a);
        assertThat(closed).containsExactly(11L);
        assertThat(cache.lookup(A)).isNull();
        assertThatThrownBy(() -> cache.discard(a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearForgetsWithoutClosingAndKeepsTheCounters() {
        BackendStatements cache = cache(4);
        cache.register(A, 11, 1).pin();
        cache.register(B, 12, 1);
        cache.lookup(B);
        cache.clear();
        assertThat(cache.size()).isZero();
        assertThat(cache.lookup(A)).isNull();
        assertThat(closed).as("COM_RESET_CONNECTION closed them on the server").isEmpty();
        assertThat(cache.prepares()).isEqualTo(2);
        assertThat(cache.hits()).isEqualTo(1);
        assertThat(cache.register(A, 31, 1).id()).isEqualTo(31);
    }

    @Test
    void refusesUnbalancedUnpinsAndAnEmptyCapacity() {
        BackendStatement a = cache(4).register(A, 11, 1);
        assertThatThrownBy(a::unpin).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cache(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new BackendStatements(PoolSettings.DEFAULT_STATEMENT_CACHE_SIZE, closed::add).capacity()).isEqualTo(256);
    }
}
