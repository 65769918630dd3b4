package com.speedmatch.feed.internal;

import com.speedmatch.cluster.LuaScripts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Cluster mode's feeds: the same contract as the in-memory log, in Redis, so a user's parked
 * request on any instance reads what any instance appended. Each feed is a list of entries
 * {@code seq|millis|type|ref|data} beside its seq counter, its floor (every seq up to it may be
 * gone) and its acknowledged cursor. A feed's counter starts at the millisecond it was created
 * times a thousand, so a feed that expired starts again above everything it issued. Every
 * operation is one Lua script; all keys of a user share a hash tag, and they expire an hour after
 * the user was last seen.
 */
@Component
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "true")
public class RedisEventLog implements EventLog {

    private static final long TTL_SECONDS = 3_600;

    /**
     * KEYS: entries, seq, floor, acknowledged. ARGV: base, the entry after its seq, now (millis),
     * retention (millis), min kept, max kept, expiry. Returns the new seq as text (Lua prints a
     * 16-digit number in exponent form).
     */
    private static final RedisScript<String> APPEND =
            LuaScripts.load(String.class, "redis/feed/create.lua", "redis/feed/append.lua");

    /**
     * KEYS as above. ARGV: base, the cursor ('' for none), expiry, what to acknowledge ('' for
     * nothing; at most the cursor). Returns the last seq, '1' or '0'
     * for a reset, then the entries after the cursor prefixed '+' and the entries with a ref that
     * the cursor acknowledged for the first time prefixed '-'.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ =
            LuaScripts.load(List.class, "redis/feed/create.lua", "redis/feed/read.lua");

    /** KEYS as above. ARGV: base, expiry. Every cursor issued so far reads as a reset from now on. */
    private static final RedisScript<String> GAP =
            LuaScripts.load(String.class, "redis/feed/create.lua", "redis/feed/gap.lua");

    private final StringRedisTemplate redis;
    private final EventProperties properties;
    private final Clock clock;

    public RedisEventLog(StringRedisTemplate redis, EventProperties properties, Clock clock) {
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public long append(long userId, String type, Instant at, String data, String ref) {
        Instant now = clock.instant();
        String entry = at.toEpochMilli() + "|" + type + "|" + (ref == null ? "" : ref) + "|" + data;
        String seq = redis.execute(
                APPEND,
                keys(userId),
                base(now),
                entry,
                String.valueOf(now.toEpochMilli()),
                String.valueOf(properties.retention().toMillis()),
                String.valueOf(properties.minKept()),
                String.valueOf(properties.maxKept()),
                String.valueOf(TTL_SECONDS));
        return Long.parseLong(seq);
    }

    @Override
    public void markGap(long userId) {
        redis.execute(GAP, keys(userId), base(clock.instant()), String.valueOf(TTL_SECONDS));
    }

    @Override
    public Page read(long userId, Long after, Long acknowledge) {
        List<?> result = redis.execute(
                READ,
                keys(userId),
                base(clock.instant()),
                after == null ? "" : after.toString(),
                String.valueOf(TTL_SECONDS),
                acknowledge == null || after == null ? "" : String.valueOf(Math.min(acknowledge, after)));
        long lastSeq = Long.parseLong(result.get(0).toString());
        boolean reset = "1".equals(result.get(1).toString());
        List<Entry> events = new ArrayList<>();
        List<Entry> acknowledged = new ArrayList<>();
        for (Object item : result.subList(2, result.size())) {
            String text = item.toString();
            (text.charAt(0) == '+' ? events : acknowledged).add(parse(text.substring(1)));
        }
        return new Page(events, lastSeq, reset, acknowledged);
    }

    private static String base(Instant now) {
        return String.valueOf(now.toEpochMilli() * 1_000L);
    }

    private static List<String> keys(long userId) {
        String tag = "speedmatch:{u" + userId + "}:events";
        return List.of(tag, tag + ":seq", tag + ":floor", tag + ":acked");
    }

    private static Entry parse(String entry) {
        String[] part = entry.split("\\|", 5);
        return new Entry(
                Long.parseLong(part[0]),
                part[2],
                Instant.ofEpochMilli(Long.parseLong(part[1])),
                part[4],
                part[3].isEmpty() ? null : part[3]);
    }
}
