package io.mybouncer.prefork.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class IdOrderTest {
    @Test
    void sequentialCountsFromOneAndWrapsAfterMax() {
        assertThat(LongStream.range(0, 7).map(index -> IdOrder.SEQUENTIAL.id(index, 3)).toArray())
                .containsExactly(1, 2, 3, 1, 2, 3, 1);
    }

    @Test
    void randomStaysWithinOneToMaxAndReachesBothEnds() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            seen.add(IdOrder.RANDOM.id(i, 5));
        }
        assertThat(seen).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
    }
}
