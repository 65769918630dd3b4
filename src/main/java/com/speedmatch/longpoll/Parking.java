package com.speedmatch.longpoll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * Long-poll support: a request with {@code wait=N} is parked here without holding a servlet
 * thread, and answered the moment its user has news (a pairing, a signal, a call state change)
 * or when the wait runs out.
 *
 * <p>Waiters are registered before the first look, so news that arrives between the look and the
 * parking is never missed. A publish only wakes the user's waiters; each re-reads the state it
 * answers with, so a spurious wake-up costs a read and nothing else.
 */
@Slf4j
@Component
public class Parking implements DisposableBean {

    /** What a parked request is waiting for; the presence job keeps pool waiters seen. */
    public enum Topic {
        MATCH,
        SIGNAL,
        CALL,
        EVENTS
    }

    /** A parked request: what it waits for, how to look for its answer, how to answer it now. */
    private record Waiter(Topic topic, Runnable wake, Runnable answerNow) {}

    private final ConcurrentHashMap<Long, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final AtomicInteger parked = new AtomicInteger();
    // A fixed pool whose idle threads time out: a ThreadPoolExecutor with an unbounded queue never
    // grows past its core size, so the core size is the real size.
    private final ThreadPoolExecutor wakeExecutor;
    private final int maxParkedPerUser;

    /** Users whose last parked request or socket ended lately: {@link #isParked}. */
    private final Cache<Long, Boolean> recentlyParked = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30))
            .maximumSize(1_000_000)
            .build();

    @Autowired
    public Parking(MeterRegistry registry, LimitProperties limits, NewsBus news) {
        this(registry, limits.parkedPerUser(), news);
    }

    /** {@code maxParkedPerUser}: docs/spec.md "Limits", one more parked request answers the oldest at once. */
    Parking(MeterRegistry registry, int maxParkedPerUser, NewsBus news) {
        this.maxParkedPerUser = maxParkedPerUser;
        news.listen(News.ForUser.class, forUser -> wake(forUser.userId()));
        news.listen(News.Account.class, account -> wake(account.userId()));
        this.wakeExecutor = new ThreadPoolExecutor(
                8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), new CustomizableThreadFactory("long-poll-"));
        this.wakeExecutor.allowCoreThreadTimeOut(true);
        Gauge.builder("speedmatch.longpoll.parked", parked, AtomicInteger::get)
                .description("Requests parked on a long-poll")
                .register(registry);
    }

    /**
     * Answers at once when {@code probe} has an answer, otherwise parks until news for the user
     * makes the probe answer, or until {@code wait} passes and {@code onTimeout} answers.
     *
     * <p>A request is answered exactly once: the probe and {@code onTimeout} run under the
     * request's own lock and only while it has no answer, so a probe that takes what it answers
     * with (a delete-on-read) never runs twice for one request and never loses what it took. A
     * user holds at most {@code limits.parked-per-user} parked requests; parking one more answers the
     * oldest at once with {@code onTimeout}, so a client that reconnects always wins.
     */
    public <T> DeferredResult<T> park(
            Topic topic, long userId, Duration wait, Supplier<Optional<T>> probe, Supplier<T> onTimeout) {
        DeferredResult<T> result = new DeferredResult<>(wait.toMillis());
        Runnable detach = register(
                userId,
                new Waiter(
                        topic,
                        () -> wakeExecutor.execute(() -> answerIfReady(result, probe)),
                        () -> wakeExecutor.execute(() -> answerNow(result, onTimeout))));
        result.onCompletion(detach);
        result.onTimeout(() -> answerNow(result, onTimeout));
        answerIfReady(result, probe);
        return result;
    }

    /**
     * The one shape of a long-poll endpoint: the answer {@code now} goes back at once when there is
     * no {@code wait} or when it is {@code enough}; otherwise the request {@link #park parks} until
     * {@code probe} has an answer or the wait runs out and {@code onTimeout} answers.
     */
    public <T> DeferredResult<T> answerOrPark(
            Topic topic,
            long userId,
            Duration wait,
            Supplier<T> now,
            Predicate<? super T> enough,
            Supplier<Optional<T>> probe,
            Supplier<T> onTimeout) {
        T answer = now.get();
        if (wait.isZero() || enough.test(answer)) {
            return answered(answer);
        }
        return park(topic, userId, wait, probe, onTimeout);
    }

    /** An answer known at once, in the shape of a parked one. */
    public static <T> DeferredResult<T> answered(T answer) {
        DeferredResult<T> result = new DeferredResult<>();
        result.setResult(answer);
        return result;
    }

    /**
     * A listener that stays (the feed's WebSocket): it counts as a parked request of the user until
     * detached. {@code wake} runs on the wake-up threads on every piece of news for the user;
     * {@code displaced} runs (once) when the user parks one request too many and this is the
     * oldest. Returns what detaches it.
     */
    public Runnable attach(Topic topic, long userId, Runnable wake, Runnable displaced) {
        return register(
                userId, new Waiter(topic, () -> wakeExecutor.execute(wake), () -> wakeExecutor.execute(displaced)));
    }

    /**
     * Whether the user's app is open on this instance: a request parked or a socket open now, or
     * one that ended within the last 30 s (a long-poll client between two requests, a socket
     * reconnecting). Web Push leaves such a user to the feed.
     */
    public boolean isParked(long userId) {
        return waiters.containsKey(userId) || recentlyParked.getIfPresent(userId) != null;
    }

    private Runnable register(long userId, Waiter waiter) {
        Set<Waiter> own = waiters.compute(userId, (id, set) -> {
            Set<Waiter> updated = set == null ? new CopyOnWriteArraySet<>() : set;
            updated.add(waiter);
            return updated;
        });
        parked.incrementAndGet();
        if (own.size() > maxParkedPerUser) {
            // The set keeps insertion order: the first is the oldest still parked.
            own.stream().findFirst().filter(oldest -> oldest != waiter).ifPresent(oldest -> {
                if (own.remove(oldest)) {
                    oldest.answerNow().run();
                }
            });
        }
        AtomicBoolean detached = new AtomicBoolean();
        return () -> {
            if (detached.compareAndSet(false, true)) {
                parked.decrementAndGet();
                recentlyParked.put(userId, Boolean.TRUE);
                waiters.computeIfPresent(userId, (id, set) -> {
                    set.remove(waiter);
                    return set.isEmpty() ? null : set;
                });
            }
        };
    }

    /**
     * Wakes the user's requests parked on this instance: told for every {@link News.ForUser} and
     * {@link News.Account}, from this instance or another.
     */
    private void wake(long userId) {
        Set<Waiter> set = waiters.get(userId);
        if (set != null) {
            set.forEach(w -> w.wake().run());
        }
    }

    /** Users with a request parked on one of {@code topics} on this instance. */
    public Set<Long> parkedUsers(Topic... topics) {
        Set<Topic> wanted = Set.of(topics);
        return waiters.entrySet().stream()
                .filter(e -> e.getValue().stream().anyMatch(w -> wanted.contains(w.topic())))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    private static <T> void answerIfReady(DeferredResult<T> result, Supplier<Optional<T>> probe) {
        synchronized (result) {
            if (result.isSetOrExpired()) {
                return;
            }
            try {
                probe.get().ifPresent(result::setResult);
            } catch (RuntimeException e) {
                result.setErrorResult(e);
            }
        }
    }

    private static <T> void answerNow(DeferredResult<T> result, Supplier<T> answer) {
        synchronized (result) {
            if (result.hasResult()) {
                return;
            }
            try {
                result.setResult(answer.get());
            } catch (RuntimeException e) {
                result.setErrorResult(e);
            }
        }
    }

    @Override
    public void destroy() {
        wakeExecutor.shutdownNow();
    }
}
