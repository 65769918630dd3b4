package com.speedmatch.longpoll;

import com.speedmatch.limits.LimitProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
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
public class UserNews implements DisposableBean {

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

    private final NewsRelay relay;
    private final List<LongConsumer> accountListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> poolListeners = new CopyOnWriteArrayList<>();
    /** Users whose last parked request or socket ended lately: {@link #isParked}. */
    private final com.github.benmanes.caffeine.cache.Cache<Long, Boolean> recentlyParked =
            com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
                    .expireAfterWrite(Duration.ofSeconds(30))
                    .maximumSize(1_000_000)
                    .build();

    private final List<LongConsumer> newsListeners = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> callListeners = new CopyOnWriteArrayList<>();

    @org.springframework.beans.factory.annotation.Autowired
    public UserNews(MeterRegistry registry, LimitProperties limits, ObjectProvider<NewsRelay> relay) {
        this(registry, limits.parkedPerUser(), relay.getIfAvailable(() -> userId -> {}));
    }

    /**
     * {@code maxParkedPerUser}: docs/spec.md "Limits", one more parked request answers the oldest at once.
     * {@code relay}: how the other instances hear of news (nothing on a single instance).
     */
    UserNews(MeterRegistry registry, int maxParkedPerUser, NewsRelay relay) {
        this.maxParkedPerUser = maxParkedPerUser;
        this.relay = relay;
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
        java.util.concurrent.atomic.AtomicBoolean detached = new java.util.concurrent.atomic.AtomicBoolean();
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
     * Wakes every request the user has parked, on this instance and (in cluster mode) on every
     * other; safe to call for users with none.
     */
    public void publish(long userId) {
        wakeHere(userId);
        relay.send(userId);
    }

    /** Called when an account's state changes here or on another instance (a cache to drop). */
    public void onAccountChange(LongConsumer listener) {
        accountListeners.add(listener);
    }

    /**
     * The account changed (closed, suspended, banned, signed out everywhere): every instance forgets
     * what it knew of it, and the user's parked requests are answered.
     */
    public void accountChanged(long userId) {
        accountChangedHere(userId);
        relay.accountChanged(userId);
        publish(userId);
    }

    /**
     * The pool changed here (someone entered it): the matchmaker on every other instance is woken,
     * so the instance that wins the matchmaker's lock next pairs the newcomer without waiting for
     * its tick.
     */
    public void poolChanged() {
        relay.poolChanged();
    }

    /** Called when another instance's pool changed. */
    public void onPoolChange(Runnable listener) {
        poolListeners.add(listener);
    }

    /**
     * Called on every piece of news for a user, from this instance or another, before the user's
     * parked requests are woken: what a poll answered from memory must be looked up again.
     */
    public void onNews(LongConsumer listener) {
        newsListeners.add(listener);
    }

    /** A call changed (after commit): every instance forgets what it remembered of it. */
    public void callChanged(long videoSessionId) {
        callChangedHere(videoSessionId);
        relay.callChanged(videoSessionId);
    }

    public void onCallChange(LongConsumer listener) {
        callListeners.add(listener);
    }

    /** A call change heard from another instance. */
    public void callChangedHere(long videoSessionId) {
        callListeners.forEach(listener -> listener.accept(videoSessionId));
    }

    /** A pool change heard from another instance. */
    public void poolChangedHere() {
        poolListeners.forEach(Runnable::run);
    }

    /** An account change heard from another instance. */
    public void accountChangedHere(long userId) {
        accountListeners.forEach(listener -> listener.accept(userId));
    }

    /** Wakes the user's requests parked on this instance: news relayed from another one. */
    public void wakeHere(long userId) {
        newsListeners.forEach(listener -> listener.accept(userId));
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
                .map(java.util.Map.Entry::getKey)
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
