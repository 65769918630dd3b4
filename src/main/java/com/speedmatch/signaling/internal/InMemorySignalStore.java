package com.speedmatch.signaling.internal;

import com.speedmatch.signaling.SignalType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The default store, as the product owner asked: one instance, a {@link ConcurrentHashMap} of
 * inboxes, one per recipient. Every operation on an inbox runs inside the map's {@code compute},
 * so it is atomic for that recipient, and an inbox with no queue left is removed.
 *
 * <p>Sequence numbers start at the store's start time in epoch seconds times a million: a
 * restarted instance numbers above anything the previous one issued (up to a million signals per
 * queue and second of uptime), and the numbers stay exact in a JavaScript client until 2255.
 */
@Component
@ConditionalOnProperty(name = "cluster.enabled", havingValue = "false", matchIfMissing = true)
public class InMemorySignalStore implements SignalStore {

    private static final class Queue {
        private final Deque<Signal> signals = new ArrayDeque<>();
        private long lastSeq;

        Queue(long firstSeq) {
            this.lastSeq = firstSeq;
        }
    }

    private static final class Inbox {
        private final Map<Long, Queue> queues = new HashMap<>();
        private long bytes;

        void removed(Signal signal) {
            bytes -= size(signal.data());
        }
    }

    private final ConcurrentHashMap<Long, Inbox> inboxes = new ConcurrentHashMap<>();
    private final long seqBase;

    public InMemorySignalStore(Clock clock, MeterRegistry meters) {
        this.seqBase = clock.instant().getEpochSecond() * 1_000_000L;
        Gauge.builder("speedmatch.signals.queued", this, InMemorySignalStore::totalQueued)
                .description("Signals waiting for their recipients")
                .register(meters);
        Gauge.builder("speedmatch.signals.queued.bytes", this, InMemorySignalStore::totalBytes)
                .description("Bytes of signal data waiting for their recipients")
                .baseUnit("bytes")
                .register(meters);
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
        long[] seq = new long[1];
        int bytes = size(data);
        inboxes.compute(recipientId, (id, existing) -> {
            Inbox inbox = existing == null ? new Inbox() : existing;
            Queue queue = inbox.queues.computeIfAbsent(videoSessionId, v -> new Queue(seqBase));
            if (queue.signals.size() >= maxQueueLength || inbox.bytes + bytes > maxQueuedBytes) {
                if (queue.signals.isEmpty()) {
                    inbox.queues.remove(videoSessionId);
                }
                throw new QueueFull(queue.signals.size() < maxQueueLength);
            }
            seq[0] = ++queue.lastSeq;
            queue.signals.addLast(new Signal(seq[0], type, data, fromUserId, at));
            inbox.bytes += bytes;
            return inbox;
        });
        return seq[0];
    }

    @Override
    public Batch read(long videoSessionId, long recipientId, Long after) {
        Batch[] batch = {new Batch(List.of(), seqBase)};
        inboxes.computeIfPresent(recipientId, (id, inbox) -> {
            Queue queue = inbox.queues.get(videoSessionId);
            if (queue == null) {
                return inbox;
            }
            if (after == null) {
                batch[0] = new Batch(new ArrayList<>(queue.signals), queue.lastSeq);
                queue.signals.forEach(inbox::removed);
                queue.signals.clear();
                return inbox;
            }
            if (after <= queue.lastSeq) {
                while (!queue.signals.isEmpty() && queue.signals.peekFirst().seq() <= after) {
                    inbox.removed(queue.signals.removeFirst());
                }
            }
            batch[0] = new Batch(new ArrayList<>(queue.signals), queue.lastSeq);
            return inbox;
        });
        return batch[0];
    }

    @Override
    public List<Signal> peek(long videoSessionId, long recipientId) {
        List<Signal> waiting = new ArrayList<>();
        inboxes.computeIfPresent(recipientId, (id, inbox) -> {
            Queue queue = inbox.queues.get(videoSessionId);
            if (queue != null) {
                waiting.addAll(queue.signals);
            }
            return inbox;
        });
        return waiting;
    }

    @Override
    public void acknowledge(long videoSessionId, long recipientId, Collection<Long> seqs) {
        inboxes.computeIfPresent(recipientId, (id, inbox) -> {
            Queue queue = inbox.queues.get(videoSessionId);
            if (queue != null) {
                queue.signals.removeIf(signal -> {
                    boolean acknowledged = seqs.contains(signal.seq());
                    if (acknowledged) {
                        inbox.removed(signal);
                    }
                    return acknowledged;
                });
            }
            return inbox;
        });
    }

    @Override
    public int depth(long videoSessionId, long recipientId) {
        Inbox inbox = inboxes.get(recipientId);
        if (inbox == null) {
            return 0;
        }
        int[] depth = new int[1];
        inboxes.computeIfPresent(recipientId, (id, current) -> {
            Queue queue = current.queues.get(videoSessionId);
            depth[0] = queue == null ? 0 : queue.signals.size();
            return current;
        });
        return depth[0];
    }

    @Override
    public void drop(long videoSessionId, Collection<Long> recipientIds) {
        for (long recipientId : recipientIds) {
            inboxes.computeIfPresent(recipientId, (id, inbox) -> {
                Queue queue = inbox.queues.remove(videoSessionId);
                if (queue != null) {
                    queue.signals.forEach(inbox::removed);
                }
                return inbox.queues.isEmpty() ? null : inbox;
            });
        }
    }

    private static int size(String data) {
        return data.getBytes(StandardCharsets.UTF_8).length;
    }

    private double totalQueued() {
        return inboxes.keySet().stream()
                .mapToLong(id -> {
                    long[] n = new long[1];
                    inboxes.computeIfPresent(id, (key, inbox) -> {
                        n[0] = inbox.queues.values().stream()
                                .mapToLong(q -> q.signals.size())
                                .sum();
                        return inbox;
                    });
                    return n[0];
                })
                .sum();
    }

    private double totalBytes() {
        return inboxes.keySet().stream()
                .mapToLong(id -> {
                    long[] n = new long[1];
                    inboxes.computeIfPresent(id, (key, inbox) -> {
                        n[0] = inbox.bytes;
                        return inbox;
                    });
                    return n[0];
                })
                .sum();
    }
}
