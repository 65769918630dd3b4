package com.speedmatch.pool;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.time.Duration;
import java.util.function.Supplier;

/** One value, computed at most once a second whoever asks, and by one reader while others wait. */
final class PoolStatsCache {

    private final LoadingCache<Boolean, MatchingViews.PoolStats> cache;

    PoolStatsCache(Supplier<MatchingViews.PoolStats> compute) {
        this.cache =
                Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).build(key -> compute.get());
    }

    MatchingViews.PoolStats get() {
        return cache.get(Boolean.TRUE);
    }
}
