package com.speedmatch.push.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.push.PushChannel;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The push lane with a push channel under the test's control: a push service that never answers
 * holds only its own share, a full queue drops its oldest push, and a push service that keeps
 * failing is parked while the others are served.
 */
class PushLaneTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Sends that have not been answered, by endpoint. */
    private final Map<String, List<CompletableFuture<PushChannel.Outcome>>> waiting = new ConcurrentHashMap<>();

    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<String> settled = new CopyOnWriteArrayList<>();
    private PushLane lane;

    /** Holds the worker inside a send to a "blocking" endpoint until released. */
    private final CountDownLatch release = new CountDownLatch(1);

    private final PushChannel channel = (subscription, payload, ttl) -> {
        sent.add(subscription.endpoint());
        if (subscription.endpoint().contains("blocking")) {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (subscription.endpoint().contains("hanging")) {
            CompletableFuture<PushChannel.Outcome> never = new CompletableFuture<>();
            waiting.computeIfAbsent(subscription.endpoint(), e -> new CopyOnWriteArrayList<>())
                    .add(never);
            return never;
        }
        if (subscription.endpoint().contains("failing")) {
            return CompletableFuture.completedFuture(PushChannel.Outcome.RETRY);
        }
        return CompletableFuture.completedFuture(PushChannel.Outcome.DELIVERED);
    };

    private PushLane lane(int capacity, int workers, int perOrigin, int parkAfter) {
        lane = new PushLane(
                channel,
                new PushProperties.Lane(
                        capacity, workers, 100, perOrigin, parkAfter, Duration.ofMinutes(1), Duration.ofMinutes(10)),
                Clock.systemUTC(),
                meters,
                (job, outcome) -> settled.add(job.subscription().endpoint() + " " + outcome));
        return lane;
    }

    private static PushLane.Job job(long id, String endpoint) {
        return new PushLane.Job(new PushSubscriptions.Subscription(id, id, endpoint, "k", "a"), new byte[0], 60, 1);
    }

    @AfterEach
    void stop() {
        release.countDown();
        lane.destroy();
    }

    @Test
    void aPushServiceThatNeverAnswersHoldsOnlyItsOwnShare() {
        PushLane lane = lane(100, 1, 2, 100);
        for (int i = 0; i < 12; i++) {
            lane.submit(job(i, "https://hanging.example/" + i));
        }
        lane.submit(job(99, "https://healthy.example/anna"));

        // One worker, twelve sends that never come back: the healthy push is sent all the same.
        await().atMost(Duration.ofSeconds(5)).until(() -> settled.contains("https://healthy.example/anna DELIVERED"));
        assertThat(waiting.values().stream().mapToInt(List::size).sum())
                .as("sends waiting on the hanging push service")
                .isEqualTo(2);
    }

    @Test
    void aFullQueueDropsItsOldestPush() {
        PushLane lane = lane(2, 1, 10, 100);
        lane.submit(job(1, "https://blocking.example/first")); // the one worker is held inside this send
        await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 1);
        lane.submit(job(3, "https://healthy.example/third"));
        lane.submit(job(4, "https://healthy.example/fourth"));
        lane.submit(job(5, "https://healthy.example/fifth")); // the queue holds two: the third goes

        assertThat(meters.get("speedmatch.push.dropped").counter().count()).isEqualTo(1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> settled.containsAll(List.of(
                        "https://healthy.example/fourth DELIVERED", "https://healthy.example/fifth DELIVERED")));
        assertThat(sent).doesNotContain("https://healthy.example/third");
    }

    @Test
    void aPushServiceThatKeepsFailingIsParkedWhileOthersAreServed() {
        PushLane lane = lane(100, 1, 10, 3);
        for (int i = 0; i < 3; i++) {
            lane.submit(job(i, "https://failing.example/" + i));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> settled.size() == 3);

        lane.submit(job(10, "https://failing.example/later"));
        lane.submit(job(11, "https://healthy.example/ben"));
        await().atMost(Duration.ofSeconds(5)).until(() -> settled.contains("https://healthy.example/ben DELIVERED"));

        assertThat(sent).doesNotContain("https://failing.example/later");
        assertThat(meters.get("speedmatch.push.sent")
                        .tag("outcome", "parked")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
