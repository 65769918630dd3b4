package com.speedmatch.pool.internal;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.speedmatch.pool.MatchingViews;
import java.time.Duration;
import java.util.function.Supplier;

/** One value, computed at most once a second whoever asks, and by one reader while others wait. */
public final class PoolStatsCache {

    private final LoadingCache<Boolean, MatchingViews.PoolStats> cache;

    public PoolStatsCache(Supplier<MatchingViews.PoolStats> compute) {
        this.cache =
                Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).build(key -> compute.get());
    }

    public MatchingViews.PoolStats get() {
        return cache.get(Boolean.TRUE);
    }
}
