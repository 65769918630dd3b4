package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedmatch.signaling.internal.InMemorySignalStore;
import com.speedmatch.signaling.internal.SignalStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySignalStoreTests {

    private static final Instant START = Instant.parse("2026-11-28T18:00:00Z");

    private static InMemorySignalStore startedAt(Instant at) {
        return new InMemorySignalStore(Clock.fixed(at, ZoneOffset.UTC), new SimpleMeterRegistry());
    }

    private static long send(InMemorySignalStore store, String data) {
        return store.append(1, 2, SignalType.ICE_CANDIDATE, data, 3, START, 256, 1 << 20);
    }

    @Test
    void sequenceNumbersOnlyGrowAcrossARestart() {
        InMemorySignalStore before = startedAt(START);
        long lastBefore = 0;
        for (int i = 0; i < 100; i++) {
            lastBefore = send(before, "{}");
        }
        InMemorySignalStore afterRestart = startedAt(START.plusSeconds(20));
        long firstAfter = send(afterRestart, "{}");

        assertThat(firstAfter).isGreaterThan(lastBefore);
        // The client resumes with the cursor it kept: the new signal is not taken as acknowledged.
        assertThat(afterRestart.read(1, 2, lastBefore).signals())
                .extracting(SignalStore.Signal::seq)
                .containsExactly(firstAfter);
    }

    @Test
    void anAfterAboveTheLastSeqAcknowledgesNothing() {
        InMemorySignalStore store = startedAt(START);
        long seq = send(store, "{\"candidate\":\"a\"}");

        SignalStore.Batch batch = store.read(1, 2, seq + 1_000_000);

        assertThat(batch.signals()).extracting(SignalStore.Signal::seq).containsExactly(seq);
        assertThat(store.read(1, 2, seq).signals()).isEmpty();
    }

    @Test
    void bytesQueuedForOneRecipientAreBoundedAcrossAllTheirCalls() {
        InMemorySignalStore store = startedAt(START);
        String kilobyte = "\"" + "x".repeat(1022) + "\"";
        for (long call = 1; call <= 4; call++) {
            store.append(call, 2, SignalType.OFFER, kilobyte, 3, START, 256, 4096);
        }
        assertThatThrownBy(() -> store.append(5, 2, SignalType.OFFER, kilobyte, 3, START, 256, 4096))
                .isInstanceOfSatisfying(
                        SignalStore.QueueFull.class,
                        full -> assertThat(full.bytes()).isTrue());
        // Another recipient is not affected, and reading frees the room again.
        store.append(5, 9, SignalType.OFFER, kilobyte, 3, START, 256, 4096);
        store.read(1, 2, null);
        store.append(5, 2, SignalType.OFFER, kilobyte, 3, START, 256, 4096);
        store.drop(5, List.of(2L, 9L));
        assertThat(store.depth(5, 2)).isZero();
    }
}
