package io.mybouncer.proxy.forksafety;

import static org.assertj.core.api.Assertions.assertThat;

import io.mybouncer.proxy.forksafety.PeerHolders.Found;
import io.mybouncer.proxy.forksafety.PeerHolders.Reason;
import io.mybouncer.proxy.forksafety.PeerHolders.Unknown;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedPeerProcessesTest {
    private static final ClientSocket FIRST = tcp(50_001);
    private static final ClientSocket SECOND = tcp(50_002);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RecordingLookup lookup = new RecordingLookup();
    private final CachedPeerProcesses cached = new CachedPeerProcesses(lookup, Duration.ofSeconds(1), 2, clock::get);

    /** Answers with one holder per call, numbered, and records what it was asked; children as set. */
    private static final class RecordingLookup implements PeerProcesses {
        private final List<Set<Long>> candidates = new ArrayList<>();
        private Set<Long> children = Set.of();

        @Override
        public PeerHolders holdersOf(ClientSocket socket, Set<Long> likely) {
            candidates.add(Set.copyOf(likely));
            return new Found(Set.of(100L + candidates.size()), true, 0);
        }

        @Override
        public Set<Long> childrenOf(long pid) {
            return children;
        }
    }

    private static ClientSocket tcp(int clientPort) {
        return new ClientSocket.Tcp(new InetSocketAddress("127.0.0.1", 6033),
                new InetSocketAddress("127.0.0.1", clientPort));
    }

    @Test
    void reusesAConnectionsAnswerForAWhile() {
        PeerHolders first = cached.holdersOf(FIRST, Set.of());
        clock.addAndGet(Duration.ofMillis(999).toNanos());

        assertThat(cached.holdersOf(FIRST, Set.of())).isSameAs(first);
        assertThat(lookup.candidates).hasSize(1);
    }

    @Test
    void looksAgainAtOnceWhenTheHolderHasForkedSince() {
        lookup.children = Set.of(7L); // a process it had forked before
        cached.holdersOf(FIRST, Set.of());
        clock.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(lookup.candidates).hasSize(1);

        lookup.children = Set.of(7L, 8L, 9L); // a preloaded app's master forks its workers
        assertThat(cached.holdersOf(FIRST, Set.of())).isEqualTo(new Found(Set.of(102L), true, 0));
        assertThat(lookup.candidates).containsExactly(Set.of(), Set.of(101L));
        assertThat(cached.holdersOf(FIRST, Set.of())).as("the new answer stands while nothing forks")
                .isEqualTo(new Found(Set.of(102L), true, 0));
        assertThat(lookup.candidates).hasSize(2);
    }

    @Test
    void looksAgainAfterwardsStartingWithThePreviousHolders() {
        cached.holdersOf(FIRST, Set.of(7L));
        clock.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(cached.holdersOf(FIRST, Set.of(8L))).isEqualTo(new Found(Set.of(102L), true, 0));
        assertThat(lookup.candidates).containsExactly(Set.of(7L), Set.of(8L, 101L));
    }

    @Test
    void refusesLookupsBeyondTheLimitPerSecond() {
        cached.holdersOf(FIRST, Set.of());
        cached.holdersOf(SECOND, Set.of());

        PeerHolders third = cached.holdersOf(tcp(50_003), Set.of());

        assertThat(third).isInstanceOf(Unknown.class);
        assertThat(((Unknown) third).reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(((Unknown) third).detail()).isEqualTo("more than 2 lookups in one second");
        assertThat(lookup.candidates).hasSize(2);
    }

    @Test
    void allowsLookupsAgainOnceASecondHasPassedSinceTheOldest() {
        cached.holdersOf(FIRST, Set.of());
        clock.addAndGet(Duration.ofMillis(500).toNanos());
        cached.holdersOf(SECOND, Set.of());
        clock.addAndGet(Duration.ofMillis(500).toNanos());

        assertThat(cached.holdersOf(tcp(50_003), Set.of())).isInstanceOf(Found.class);
        assertThat(cached.holdersOf(tcp(50_004), Set.of())).as("the second's slot is still taken")
                .isInstanceOf(Unknown.class);
    }

    @Test
    void forgetsAClosedConnection() {
        cached.holdersOf(FIRST, Set.of(7L));
        cached.forget(FIRST);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());

        cached.holdersOf(FIRST, Set.of());

        assertThat(lookup.candidates).containsExactly(Set.of(7L), Set.of());
    }
}
