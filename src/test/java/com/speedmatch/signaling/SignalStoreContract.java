package com.speedmatch.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedmatch.signaling.internal.SignalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@link SignalStore} contract, run against each store. */
abstract class SignalStoreContract {

    static final Instant AT = Instant.parse("2026-11-28T18:00:00Z");

    /** A fresh store; each test uses call and user ids of its own. */
    abstract SignalStore store();

    abstract long ids();

    @Test
    void signalsArriveInOrderWithGrowingSeqs() {
        SignalStore store = store();
        long call = ids();
        long first = store.append(call, 2, SignalType.OFFER, "{\"sdp\":\"o\"}", 3, AT, 256, 1 << 20);
        long second = store.append(call, 2, SignalType.ICE_CANDIDATE, "{\"c\":1}", 3, AT.plusMillis(5), 256, 1 << 20);
        assertThat(second).isEqualTo(first + 1);

        SignalStore.Batch batch = store.read(call, 2, 0L);
        assertThat(batch.lastSeq()).isEqualTo(second);
        assertThat(batch.signals()).extracting(SignalStore.Signal::seq).containsExactly(first, second);
        SignalStore.Signal offer = batch.signals().get(0);
        assertThat(offer.type()).isEqualTo(SignalType.OFFER);
        assertThat(offer.data()).isEqualTo("{\"sdp\":\"o\"}");
        assertThat(offer.fromUserId()).isEqualTo(3);
        assertThat(offer.createdAt()).isEqualTo(AT);
        assertThat(store.read(call, 3, 0L).signals()).isEmpty(); // the sender's own queue
    }

    @Test
    void afterAcknowledgesAndALostAnswerCostsNothing() {
        SignalStore store = store();
        long call = ids();
        long first = store.append(call, 2, SignalType.OFFER, "{}", 3, AT, 256, 1 << 20);
        long second = store.append(call, 2, SignalType.ANSWER, "{\"a\":\"b|c\"}", 3, AT, 256, 1 << 20);
        assertThat(store.read(call, 2, 0L).signals()).hasSize(2);
        assertThat(store.read(call, 2, 0L).signals()).hasSize(2);
        assertThat(store.read(call, 2, first).signals())
                .extracting(SignalStore.Signal::data)
                .containsExactly("{\"a\":\"b|c\"}");
        assertThat(store.read(call, 2, second).signals()).isEmpty();
        assertThat(store.depth(call, 2)).isZero();
    }

    @Test
    void peekingTakesNothingAndAcknowledgingRemovesExactlyTheSignalsNamed() {
        SignalStore store = store();
        long call = ids();
        long me = ids(); // a recipient of its own: the byte bound spans all of a recipient's calls
        long first = store.append(call, me, SignalType.OFFER, "{\"n\":1}", 3, AT, 256, 1 << 20);
        long second = store.append(call, me, SignalType.ICE_CANDIDATE, "{\"n\":2}", 3, AT, 256, 1 << 20);
        long third = store.append(call, me, SignalType.ICE_CANDIDATE, "{\"n\":3}", 3, AT, 256, 1 << 20);
        assertThat(store.peek(call, me)).extracting(SignalStore.Signal::seq).containsExactly(first, second, third);
        assertThat(store.peek(call, me)).hasSize(3);

        store.acknowledge(call, me, List.of(second)); // not by position: the first stays
        assertThat(store.peek(call, me)).extracting(SignalStore.Signal::seq).containsExactly(first, third);
        store.acknowledge(call, me, List.of(first, third, third + 10));
        assertThat(store.depth(call, me)).isZero();
        // The bytes they held are free again.
        store.append(call, me, SignalType.OFFER, "x".repeat(90), 3, AT, 256, 100);
    }

    @Test
    void withoutAfterTheSignalsAreTaken() {
        SignalStore store = store();
        long call = ids();
        store.append(call, 2, SignalType.OFFER, "{}", 3, AT, 256, 1 << 20);
        assertThat(store.read(call, 2, null).signals()).hasSize(1);
        assertThat(store.read(call, 2, null).signals()).isEmpty();
    }

    @Test
    void anAfterAboveTheLastSeqHidesNothing() {
        SignalStore store = store();
        long call = ids();
        long seq = store.append(call, 2, SignalType.OFFER, "{}", 3, AT, 256, 1 << 20);
        assertThat(store.read(call, 2, seq + 5_000_000).signals())
                .extracting(SignalStore.Signal::seq)
                .containsExactly(seq);
    }

    @Test
    void boundsRefuseAndKeepWhatIsQueued() {
        SignalStore store = store();
        long call = ids();
        long recipient = ids();
        for (int i = 0; i < 3; i++) {
            store.append(call, recipient, SignalType.ICE_CANDIDATE, "{}", 3, AT, 3, 1 << 20);
        }
        assertThatThrownBy(() -> store.append(call, recipient, SignalType.ICE_CANDIDATE, "{}", 3, AT, 3, 1 << 20))
                .isInstanceOfSatisfying(
                        SignalStore.QueueFull.class,
                        full -> assertThat(full.bytes()).isFalse());
        long otherCall = ids();
        assertThatThrownBy(() -> store.append(otherCall, recipient, SignalType.OFFER, "x".repeat(100), 3, AT, 256, 100))
                .isInstanceOfSatisfying(
                        SignalStore.QueueFull.class,
                        full -> assertThat(full.bytes()).isTrue());
        assertThat(store.depth(call, recipient)).isEqualTo(3);
        store.drop(call, List.of(recipient));
        assertThat(store.depth(call, recipient)).isZero();
        // Dropping freed the bytes: the other call's signal fits now.
        store.append(otherCall, recipient, SignalType.OFFER, "x".repeat(90), 3, AT, 256, 100);
    }

    /** Many writers at once: no seq used twice, and never more than the bound. */
    @Test
    void concurrentAppendsNeverPassTheBoundOrReuseASeq() throws Exception {
        SignalStore store = store();
        long call = ids();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                    try {
                        seqs.add(store.append(call, 2, SignalType.ICE_CANDIDATE, "{}", 3, AT, 100, 1 << 20));
                    } catch (SignalStore.QueueFull full) {
                        // past the bound: refused, as it must be
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(seqs).hasSize(100).doesNotHaveDuplicates();
        assertThat(store.depth(call, 2)).isEqualTo(100);
    }
}
