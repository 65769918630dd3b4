package com.speedmatch.push.internal;

import com.speedmatch.push.PushChannel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Push delivery's own lane, so that nobody waits on a push service: the event listeners only put
 * pushes in its bounded queue and return. A few workers prepare each push (the endpoint check, the
 * encryption) and hand it to the push service without waiting for the answer; the answers come back
 * on the channel's threads. Bounds, all counted in metrics:
 * <ul>
 *   <li>a full queue drops its oldest push ({@code speedmatch.push.dropped}): the newest news is
 *       the one worth sending;
 *   <li>at most {@code push.lane.max-in-flight} sends wait on push services at once, and
 *       {@code per-origin-in-flight} on one push service: a push service that hangs holds only its
 *       own share, and its other pushes wait their turn away from the workers;
 *   <li>a push service that failed {@code park-after} times in a row is parked (its pushes are
 *       skipped) for {@code park-for}, doubling while it keeps failing; one success ends that.
 * </ul>
 */
@Slf4j
class PushLane implements DisposableBean {

    /** One push to one subscription; {@code attempt} counts from 1. */
    record Job(PushSubscriptions.Subscription subscription, byte[] payload, int ttlSeconds, int attempt) {

        String origin() {
            try {
                URI uri = URI.create(subscription.endpoint());
                return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
            } catch (IllegalArgumentException e) {
                return subscription.endpoint();
            }
        }
    }

    /** What became of a job: the sender counts it, retries it or forgets the subscription. */
    interface Outcomes {
        void on(Job job, PushChannel.Outcome outcome);
    }

    /** A push service's recent failures, and until when it is parked. */
    private static final class Origin {
        final Semaphore inFlight;
        int failuresInARow;
        Duration parkedFor = Duration.ZERO;
        Instant parkedUntil = Instant.MIN;

        Origin(int permits) {
            inFlight = new Semaphore(permits);
        }
    }

    private final PushChannel channel;
    private final PushProperties.Lane bounds;
    private final Clock clock;
    private final Outcomes outcomes;
    private final LinkedBlockingDeque<Job> queue;
    private final Semaphore inFlight;
    private final ConcurrentHashMap<String, Origin> origins = new ConcurrentHashMap<>();
    private final ExecutorService workers;
    private final ScheduledExecutorService later =
            Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("push-later-"));
    private final Counter dropped;
    private final Counter parkedSkips;

    PushLane(PushChannel channel, PushProperties.Lane bounds, Clock clock, MeterRegistry meters, Outcomes outcomes) {
        this.channel = channel;
        this.bounds = bounds;
        this.clock = clock;
        this.outcomes = outcomes;
        this.queue = new LinkedBlockingDeque<>(bounds.queueCapacity());
        this.inFlight = new Semaphore(bounds.maxInFlight());
        this.workers = Executors.newFixedThreadPool(bounds.workers(), new CustomizableThreadFactory("push-lane-"));
        for (int i = 0; i < bounds.workers(); i++) {
            workers.execute(this::work);
        }
        this.dropped = Counter.builder("speedmatch.push.dropped")
                .description("Pushes dropped because the push lane's queue was full (the oldest goes)")
                .register(meters);
        this.parkedSkips = Counter.builder("speedmatch.push.sent")
                .tag("outcome", "parked")
                .description("Pushes by outcome")
                .register(meters);
        Gauge.builder("speedmatch.push.queue", queue, LinkedBlockingDeque::size)
                .description("Pushes waiting in the push lane")
                .register(meters);
    }

    /** Queues the push; never blocks. When the queue is full the oldest push is dropped. */
    void submit(Job job) {
        while (!queue.offerLast(job)) {
            if (queue.pollFirst() != null) {
                dropped.increment();
            }
        }
    }

    /** Queues the push again after {@code delay} (a retry with backoff). */
    void submitLater(Job job, Duration delay) {
        later.schedule(() -> submit(job), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void work() {
        while (!Thread.currentThread().isInterrupted()) {
            Job job;
            try {
                job = queue.takeFirst();
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                send(job, inFlight::release);
            } catch (RuntimeException e) {
                inFlight.release();
                log.warn(
                        "Push to subscription {} not sent: {}",
                        job.subscription().id(),
                        e.toString());
                outcomes.on(job, PushChannel.Outcome.FAILED);
            }
        }
    }

    private void send(Job job, Runnable done) {
        String key = job.origin();
        Origin origin = origins.computeIfAbsent(key, k -> new Origin(bounds.perOriginInFlight()));
        synchronized (origin) {
            if (clock.instant().isBefore(origin.parkedUntil)) {
                done.run();
                parkedSkips.increment();
                return;
            }
        }
        if (!origin.inFlight.tryAcquire()) {
            // This push service already has its share waiting on it: back in line, a moment later.
            done.run();
            submitLater(job, Duration.ofMillis(200));
            return;
        }
        Consumer<PushChannel.Outcome> finish = outcome -> {
            origin.inFlight.release();
            done.run();
            settle(origin, outcome);
            outcomes.on(job, outcome);
        };
        CompletableFuture<PushChannel.Outcome> answer;
        try {
            answer = channel.send(job.subscription(), job.payload(), job.ttlSeconds());
        } catch (RuntimeException e) {
            log.warn("Push to subscription {} failed: {}", job.subscription().id(), e.toString());
            finish.accept(PushChannel.Outcome.RETRY);
            return;
        }
        answer.whenComplete((outcome, failure) -> finish.accept(failure == null ? outcome : PushChannel.Outcome.RETRY));
    }

    /** A success ends a push service's run of failures; {@code park-after} in a row park it. */
    private void settle(Origin origin, PushChannel.Outcome outcome) {
        synchronized (origin) {
            if (outcome != PushChannel.Outcome.RETRY) {
                origin.failuresInARow = 0;
                origin.parkedFor = Duration.ZERO;
                return;
            }
            if (++origin.failuresInARow >= bounds.parkAfter()) {
                origin.parkedFor = origin.parkedFor.isZero()
                        ? bounds.parkFor()
                        : min(origin.parkedFor.multipliedBy(2), bounds.parkForMax());
                origin.parkedUntil = clock.instant().plus(origin.parkedFor);
                origin.failuresInARow = 0;
                log.warn(
                        "Push service parked for {} s after failing {} times in a row",
                        origin.parkedFor.toSeconds(),
                        bounds.parkAfter());
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
        later.shutdownNow();
    }
}
