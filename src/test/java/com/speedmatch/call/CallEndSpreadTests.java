package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.call.internal.CallDeadlines;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Calls that run out in the same second end spread over it, each within a second of its end. */
class CallEndSpreadTests {

    @Test
    void aWaveOfConsecutiveCallsIsSpreadEvenlyOverTheSpread() {
        Duration spread = Duration.ofMillis(800);
        int[] perTenth = new int[8];
        LongStream.range(50_000, 51_000).forEach(id -> {
            Duration offset = CallDeadlines.endOffset(id, spread);
            assertThat(offset).isBetween(Duration.ZERO, spread.minusMillis(1));
            perTenth[(int) (offset.toMillis() / 100)]++;
        });
        // 1,000 calls, 125 per 100 ms if perfectly even: no tenth of the second gets a burst.
        assertThat(Arrays.stream(perTenth).boxed().toList()).allMatch(n -> n >= 90 && n <= 160);
    }

    @Test
    void noSpreadMeansAtTheEnd() {
        assertThat(CallDeadlines.endOffset(42, Duration.ZERO)).isZero();
    }
}
