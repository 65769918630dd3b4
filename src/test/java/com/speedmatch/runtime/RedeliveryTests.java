package com.speedmatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.speedmatch.runtime.internal.EventRedelivery;
import com.speedmatch.support.IntegrationTest;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What redelivery resends: only publications whose handler failed, never one still queued or
 * running, and a mail or push at most once per event whatever happens to its publication.
 */
@Import(RedeliveryTests.Handlers.class)
@TestPropertySource(properties = {"events.redelivery-after=0s", "events.redelivery-interval=1h"})
class RedeliveryTests extends IntegrationTest {

    /** An event of this test's own, whose handler waits for the test or fails when told to. */
    record Probe(String id) {}

    /** What the handler saw, and how it behaves: apart from the handler, which is a proxy. */
    static class ProbeState {

        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(0);
    }

    static class ProbeHandler {

        private final ProbeState state;

        ProbeHandler(ProbeState state) {
            this.state = state;
        }

        @ApplicationModuleListener
        void on(Probe probe) throws InterruptedException {
            state.calls.incrementAndGet();
            state.entered.countDown();
            state.release.await(10, TimeUnit.SECONDS);
            if (state.failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("the probe's handler fails this time");
            }
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Handlers {

        @Bean
        ProbeState probeState() {
            return new ProbeState();
        }

        @Bean
        ProbeHandler probeHandler(ProbeState state) {
            return new ProbeHandler(state);
        }
    }

    @Autowired
    ProbeState handler;

    @Autowired
    EventRedelivery redelivery;

    @Autowired
    Deliveries deliveries;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @AfterEach
    void releaseTheHandler() {
        handler.release.countDown();
        handler.failuresLeft.set(0);
    }

    @Test
    void aPublicationStillBeingHandledIsNotResubmitted() throws Exception {
        handler.entered = new CountDownLatch(1);
        handler.release = new CountDownLatch(1);
        int before = handler.calls.get();
        String id = publishProbe();
        assertThat(handler.entered.await(10, TimeUnit.SECONDS)).isTrue();

        redelivery.resubmit();
        redelivery.resubmit();
        handler.release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> probePublications(id) == 0);
        assertThat(handler.calls.get() - before).isEqualTo(1);
    }

    @Test
    void aPublicationWhoseHandlerFailedIsResubmittedOnceAndThenCompletes() {
        handler.failuresLeft.set(1);
        int before = handler.calls.get();
        String id = publishProbe();
        await().atMost(Duration.ofSeconds(10)).until(() -> failedProbePublications(id) == 1);

        redelivery.resubmit();
        redelivery.resubmit(); // the first resubmission is claimed: this one finds nothing to send

        await().atMost(Duration.ofSeconds(10)).until(() -> probePublications(id) == 0);
        assertThat(handler.calls.get() - before).isEqualTo(2);
    }

    @Test
    void aDeliveryIsMadeOncePerEventAndAFailedOneIsTriedAgain() {
        String identity = "user 7 | match_found | " + UUID.randomUUID();
        AtomicInteger sent = new AtomicInteger();

        assertThatThrownBy(() -> deliveries.once("push", identity, () -> {
                    throw new IllegalStateException("the push service is away");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(deliveries.once("push", identity, sent::incrementAndGet)).isTrue();
        assertThat(deliveries.once("push", identity, sent::incrementAndGet)).isFalse();
        assertThat(deliveries.once("mail", identity, sent::incrementAndGet)).isTrue();

        assertThat(sent).hasValue(2);
    }

    @Test
    void aDeliveryBeingMadeElsewhereFailsForNowAndIsNotMadeTwice() throws Exception {
        String identity = "message " + UUID.randomUUID();
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Thread elsewhere = new Thread(() -> deliveries.once("push", identity, () -> {
            sending.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        elsewhere.start();
        assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> deliveries.once("push", identity, () -> {})).isInstanceOf(Deliveries.InProgress.class);
        finish.countDown();
        elsewhere.join(10_000);
        assertThat(deliveries.once("push", identity, () -> {})).isFalse();
    }

    private String publishProbe() {
        String id = UUID.randomUUID().toString();
        transactions.executeWithoutResult(status -> events.publishEvent(new Probe(id)));
        return id;
    }

    private long probePublications(String id) {
        return jdbc.queryForObject(
                "select count(*) from event_publication where serialized_event like ?", Long.class, "%" + id + "%");
    }

    private long failedProbePublications(String id) {
        return jdbc.queryForObject(
                "select count(*) from event_publication where status = 'FAILED' and serialized_event like ?",
                Long.class,
                "%" + id + "%");
    }
}
