package com.speedmatch.longpoll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.context.request.async.DeferredResult;

class ParkingTests {

    private final NewsBus bus = new NewsBus();
    private final Parking news = new Parking(new SimpleMeterRegistry(), 4, bus);

    @AfterEach
    void stop() {
        news.destroy();
    }

    /**
     * A delete-on-read probe takes the signals it answers with. Two pieces of news at once must not
     * run it twice for one request: the second run's signals would be taken and thrown away.
     */
    @Test
    void aProbeThatTakesWhatItAnswersRunsOnceForOneRequest() {
        AtomicBoolean newsArrived = new AtomicBoolean();
        AtomicInteger inProbe = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch secondProbeEntered = new CountDownLatch(1);
        DeferredResult<String> result = news.park(
                Parking.Topic.SIGNAL,
                1,
                Duration.ofSeconds(25),
                () -> {
                    if (!newsArrived.get()) {
                        return Optional.empty();
                    }
                    if (inProbe.incrementAndGet() > 1) {
                        secondProbeEntered.countDown();
                    }
                    try {
                        // The first probe holds on until a second one joins it, or long enough to be sure none will.
                        secondProbeEntered.await(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inProbe.decrementAndGet();
                    return Optional.of("signals taken: " + taken.incrementAndGet());
                },
                () -> "timeout");

        newsArrived.set(true);
        bus.publish(new News.ForUser(1));
        bus.publish(new News.ForUser(1));

        await().atMost(Duration.ofSeconds(10)).until(result::hasResult);
        // Once answered, a request is never probed again (the probe runs under its lock, only
        // while it has no answer): the probe that answered leaving is the last one.
        await().atMost(Duration.ofSeconds(5)).until(() -> inProbe.get() == 0);
        assertThat(taken).hasValue(1);
        assertThat(result.getResult()).isEqualTo("signals taken: 1");
    }

    /** News for several users is looked at in parallel, not two at a time. */
    @Test
    void newsForThreeUsersIsAnsweredInParallel() {
        CyclicBarrier allThree = new CyclicBarrier(3);
        AtomicBoolean newsArrived = new AtomicBoolean();
        List<DeferredResult<String>> results = new ArrayList<>();
        for (long user = 1; user <= 3; user++) {
            results.add(news.park(
                    Parking.Topic.MATCH,
                    user,
                    Duration.ofSeconds(25),
                    () -> {
                        if (!newsArrived.get()) {
                            return Optional.empty();
                        }
                        try {
                            allThree.await(5, TimeUnit.SECONDS);
                            return Optional.of("matched");
                        } catch (Exception e) {
                            return Optional.of("looked at alone");
                        }
                    },
                    () -> "timeout"));
        }
        newsArrived.set(true);
        for (long user = 1; user <= 3; user++) {
            bus.publish(new News.ForUser(user));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> results.stream().allMatch(DeferredResult::hasResult));
        assertThat(results).extracting(DeferredResult::getResult).containsOnly("matched");
    }

    @Test
    void aFifthParkedRequestAnswersTheOldestAtOnce() {
        List<DeferredResult<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            results.add(news.park(
                    Parking.Topic.SIGNAL, 7, Duration.ofSeconds(25), Optional::empty, () -> "answered early: " + n));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> results.get(0).hasResult());
        assertThat(results.get(0).getResult()).isEqualTo("answered early: 0");
        assertThat(results.subList(1, 5)).noneMatch(DeferredResult::hasResult);
        assertThat(news.parkedUsers(Parking.Topic.SIGNAL)).containsExactly(7L);
    }
}
