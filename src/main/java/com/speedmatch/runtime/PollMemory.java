package com.speedmatch.runtime;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;

/**
 * What a poll last answered, kept on this instance so the next identical poll costs no round trip.
 * An entry holds until {@link #forget} (the news that changes it, on this instance or relayed from
 * another) or its time to live, whichever comes first; the time to live bounds a relay message
 * lost in cluster mode.
 *
 * <p>A read from the database is {@link #reserve reserved} before it starts and kept only if
 * nothing was forgotten in between: an answer read just before a change and stored just after the
 * change's news is never kept.
 *
 * @param <K> what the answer is of (a session id); a lookup of another key misses
 */
public final class PollMemory<K, V> {

    private record Held<K, V>(K key, V value, Instant until) {}

    private final ConcurrentMap<Long, Object> held;
    private final Clock clock;
    private final Duration ttl;

    /** Entries live {@code ttl} on {@code clock}; the memory itself lets go of them on the wall clock. */
    public PollMemory(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
        this.held = Caffeine.newBuilder()
                .expireAfterWrite(ttl.multipliedBy(2))
                .<Long, Object>build()
                .asMap();
    }

    @SuppressWarnings("unchecked")
    public Optional<V> get(long id, K key) {
        Object entry = held.get(id);
        if (entry instanceof Held<?, ?> h
                && h.key().equals(key)
                && clock.instant().isBefore(h.until())) {
            return Optional.of((V) h.value());
        }
        return Optional.empty();
    }

    /** Before reading what to keep: the token that {@link #keep} needs. */
    public Object reserve(long id) {
        Object token = new Object();
        held.put(id, token);
        return token;
    }

    /** Keeps the answer unless {@code id} was forgotten (or reserved again) since {@code token}. */
    public void keep(long id, Object token, K key, V value) {
        held.replace(id, token, new Held<>(key, value, clock.instant().plus(ttl)));
    }

    public void forget(long id) {
        held.remove(id);
    }
}
