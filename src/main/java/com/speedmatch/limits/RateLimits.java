package com.speedmatch.limits;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.speedmatch.shared.Limited;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Token buckets (bucket4j) for docs/spec.md "Limits", one per limit and key (an email, a client address,
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

    private final Supplier<ProxyManager<String>> buckets;
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
        ExpirationAfterWriteStrategy expiry =
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(1));
        SharedBuckets redis = shared.getIfAvailable();
        if (redis != null) {
            this.buckets = () -> redis.buckets(time, expiry);
        } else {
            ProxyManager<String> local = Bucket4jCaffeine.<String>builderFor(
                            Caffeine.newBuilder().maximumSize(1_000_000))
                    .clientClock(time)
                    .expirationAfterWrite(expiry)
                    .build();
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

    /** One bucket of a {@link #take}: the limit, its key, and what the caller is told when it is empty. */
    public record Slot(Limit limit, String key, String detail) {}

    /** What {@link #take} consumed: given back with {@link #giveBack} when the attempt turns out fine. */
    public record Taken(List<Slot> slots) {}

    /**
     * Counts one attempt in every slot before the attempt is made, each consumption atomic in its
     * store, so that N attempts at once pass at most as often as the tightest limit allows. When
     * one slot is empty, those already taken are given back and its 429 is thrown.
     */
    public Taken take(List<Slot> slots) {
        List<Slot> taken = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            ConsumptionProbe probe = bucket(slot.limit(), slot.key()).tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                giveBack(new Taken(taken));
                throw refused(slot.limit(), probe.getNanosToWaitForRefill(), slot.detail());
            }
            taken.add(slot);
        }
        return new Taken(List.copyOf(taken));
    }

    /** Returns what {@link #take} counted: the attempt succeeded (a right password) and counts against nothing. */
    public void giveBack(Taken taken) {
        for (Slot slot : taken.slots()) {
            bucket(slot.limit(), slot.key()).addTokens(1);
        }
    }

    /**
     * The key of a client address for per-address limits: an IPv4 address as it is, an IPv6
     * address by its /64, the block one subscriber usually holds whole (counting each of its
     * 2^64 addresses apart would let one client walk past any limit).
     */
    public static String addressKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length != 16) {
                return InetAddress.getByAddress(bytes).getHostAddress();
            }
            return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** Forgets what was counted for {@code key} under {@code limit}: it starts full again. */
    public void clear(Limit limit, String key) {
        buckets.get().removeProxy(limit.name() + ":" + key);
    }

    private BucketProxy bucket(Limit limit, String key) {
        return buckets.get().builder().build(limit.name() + ":" + key, limit::configuration);
    }

    private Limited refused(Limit limit, long nanosToWait, String detail) {
        Counter.builder("speedmatch.limits.refused")
                .description("Requests refused by a rate limit")
                .tag("limit", limit.name())
                .register(meters)
                .increment();
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new Limited("Too many requests", detail + "; retry in " + seconds + " s", Duration.ofSeconds(seconds));
    }
}
