package com.speedmatch.limits;

import com.speedmatch.shared.Limited;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Token buckets (bucket4j) for SPEC's "Limits", one per limit and key (an email, a client address,
 * a user, a match). On one instance the buckets live in a bounded Caffeine map; in cluster mode
 * ({@code cluster.enabled}) they live in Redis, so a limit holds for the whole cluster. Either way
 * a bucket is forgotten once it would be full again, so idle keys cost nothing, and time comes
 * from the injected {@link Clock}.
 */
@Component
public class RateLimits {

    /** A named limit: {@code capacity} events per {@code window}, refilled smoothly. */
    public record Limit(String name, long capacity, Duration window) {

        BucketConfiguration configuration() {
            return BucketConfiguration.builder()
                    .addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, window))
                    .build();
        }
    }

    private final java.util.function.Supplier<ProxyManager<String>> buckets;
    private final MeterRegistry meters;

    public RateLimits(Clock clock, MeterRegistry meters, ObjectProvider<SharedBuckets> shared) {
        this.meters = meters;
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.millis() * 1_000_000L;
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        ExpirationAfterWriteStrategy expiry = ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1));
        SharedBuckets redis = shared.getIfAvailable();
        if (redis != null) {
            this.buckets = () -> redis.buckets(time, expiry);
        } else {
            ProxyManager<String> local = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder().maximumSize(1_000_000))
                    .clientClock(time).expirationAfterWrite(expiry).build();
            this.buckets = () -> local;
        }
    }

    /** Counts one event; past the limit nothing is counted and a 429 problem is thrown. */
    public void consume(Limit limit, String key, String detail) {
        ConsumptionProbe probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw refused(limit, probe.getNanosToWaitForRefill(), detail);
        }
    }

    /** Refuses with a 429 when the limit is used up, without counting this call. */
    public void requireAvailable(Limit limit, String key, String detail) {
        var bucket = bucket(limit, key);
        if (bucket.getAvailableTokens() < 1) {
            throw refused(limit, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill(), detail);
        }
    }

    /** Counts one event that already happened (a failed login), whether or not the limit is reached. */
    public void record(Limit limit, String key) {
        bucket(limit, key).tryConsumeAsMuchAsPossible(1);
    }

    private io.github.bucket4j.distributed.BucketProxy bucket(Limit limit, String key) {
        return buckets.get().builder().build(limit.name() + ":" + key, limit::configuration);
    }

    private Limited refused(Limit limit, long nanosToWait, String detail) {
        Counter.builder("speedmatch.limits.refused").description("Requests refused by a rate limit")
                .tag("limit", limit.name()).register(meters).increment();
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new Limited("Too many requests", detail + "; retry in " + seconds + " s", Duration.ofSeconds(seconds));
    }
}
