package com.speedmatch.signaling.internal;

import com.speedmatch.cluster.LuaScripts;
import com.speedmatch.signaling.SignalType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Cluster mode's store: the same contract as the in-memory one, in Redis, so any instance serves any
 * read or send. Each queue is a list of entries {@code seq|bytes|type|from|millis|data}, beside its
 * seq counter and its byte counter; a recipient's set of calls lets the byte bound span all their
 * calls. Every operation
 * is one Lua script, so two instances appending at once can neither pass a bound nor reuse a seq.
 * All keys of one recipient share a hash tag (Redis Cluster keeps them in one slot), and every key
 * expires a day after its last append, so nothing outlives an instance that died mid-call.
 */
@Component
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "true")
public class RedisSignalStore implements SignalStore {

    private static final long TTL_SECONDS = 86_400;

    /**
     * KEYS: the queue, its seq, its queued bytes, the recipient's set of calls with queues.
     * ARGV: max length, max bytes, this signal's bytes, the entry after its seq, the first seq, the
     * expiry, this call's id, the prefix of a call's queued-bytes key. The recipient's total is the
     * sum over their calls' counters, each of which expires with its queue, so a queue that was
     * never dropped (its instance died) stops counting when it expires.
     */
    private static final RedisScript<Long> APPEND = LuaScripts.load(Long.class, "redis/signals/append.lua");

    /** Returns the last seq, then the entries left; ARGV[1] is the acknowledged seq, '' to take all. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ = LuaScripts.load(List.class, "redis/signals/read.lua");

    /** KEYS as for a read; ARGV: the seqs to remove. Returns how many were. */
    private static final RedisScript<Long> ACKNOWLEDGE = LuaScripts.load(Long.class, "redis/signals/acknowledge.lua");

    private static final RedisScript<Long> DROP = LuaScripts.load(Long.class, "redis/signals/drop.lua");

    private final StringRedisTemplate redis;
    private final Clock clock;

    public RedisSignalStore(StringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public long append(
            long videoSessionId,
            long recipientId,
            SignalType type,
            String data,
            long fromUserId,
            Instant at,
            int maxQueueLength,
            long maxQueuedBytes) {
        int bytes = data.getBytes(StandardCharsets.UTF_8).length;
        String rest = type.name() + "|" + fromUserId + "|" + at.toEpochMilli() + "|" + data;
        Long seq = redis.execute(
                APPEND,
                keys(videoSessionId, recipientId),
                String.valueOf(maxQueueLength),
                String.valueOf(maxQueuedBytes),
                String.valueOf(bytes),
                rest,
                String.valueOf(seqBase()),
                String.valueOf(TTL_SECONDS),
                String.valueOf(videoSessionId),
                tag(recipientId) + ":queued-bytes:");
        if (seq == null || seq < 0) {
            throw new QueueFull(seq != null && seq == -2);
        }
        return seq;
    }

    @Override
    public Batch read(long videoSessionId, long recipientId, Long after) {
        List<?> result = redis.execute(
                READ,
                keys(videoSessionId, recipientId),
                after == null ? "" : after.toString(),
                String.valueOf(seqBase()));
        if (result == null || result.isEmpty()) {
            return new Batch(List.of(), seqBase());
        }
        long lastSeq = Long.parseLong(result.get(0).toString());
        List<Signal> signals = new ArrayList<>(result.size() - 1);
        for (Object entry : result.subList(1, result.size())) {
            signals.add(parse(entry.toString()));
        }
        return new Batch(signals, lastSeq);
    }

    @Override
    public List<Signal> peek(long videoSessionId, long recipientId) {
        List<String> entries =
                redis.opsForList().range(keys(videoSessionId, recipientId).get(0), 0, -1);
        return entries == null
                ? List.of()
                : entries.stream().map(RedisSignalStore::parse).toList();
    }

    @Override
    public void acknowledge(long videoSessionId, long recipientId, Collection<Long> seqs) {
        if (!seqs.isEmpty()) {
            redis.execute(
                    ACKNOWLEDGE,
                    keys(videoSessionId, recipientId),
                    seqs.stream().map(String::valueOf).toArray(Object[]::new));
        }
    }

    @Override
    public int depth(long videoSessionId, long recipientId) {
        Long length = redis.opsForList().size(keys(videoSessionId, recipientId).get(0));
        return length == null ? 0 : length.intValue();
    }

    @Override
    public void drop(long videoSessionId, Collection<Long> recipientIds) {
        for (long recipientId : recipientIds) {
            redis.execute(DROP, keys(videoSessionId, recipientId), String.valueOf(videoSessionId));
        }
    }

    /** A queue's first seq: this second times a million, as in the in-memory store. */
    private long seqBase() {
        return clock.instant().getEpochSecond() * 1_000_000L;
    }

    private static List<String> keys(long videoSessionId, long recipientId) {
        String tag = tag(recipientId);
        return List.of(
                tag + ":signals:" + videoSessionId,
                tag + ":seq:" + videoSessionId,
                tag + ":queued-bytes:" + videoSessionId,
                tag + ":calls");
    }

    /** All keys of one recipient share this hash tag, so a Redis Cluster keeps them in one slot. */
    private static String tag(long recipientId) {
        return "speedmatch:{u" + recipientId + "}";
    }

    private static Signal parse(String entry) {
        String[] part = entry.split("\\|", 6);
        return new Signal(
                Long.parseLong(part[0]),
                SignalType.valueOf(part[2]),
                part[5],
                Long.parseLong(part[3]),
                Instant.ofEpochMilli(Long.parseLong(part[4])));
    }
}
