package com.speedmatch.signaling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The default store, as the product owner asked: one instance, a {@link ConcurrentHashMap}. */
@Component
class InMemorySignalStore implements SignalStore {

    private record Key(long videoSessionId, long recipientId) {
    }

    private static final class Queue {
        private final Deque<Signal> signals = new ArrayDeque<>();
        private long lastSeq;
    }

    private final ConcurrentHashMap<Key, Queue> queues = new ConcurrentHashMap<>();

    InMemorySignalStore(MeterRegistry meters) {
        Gauge.builder("speedmatch.signals.queued", this, InMemorySignalStore::totalQueued)
                .description("Signals waiting for their recipients").register(meters);
    }

    @Override
    public long append(long videoSessionId, long recipientId, SignalType type, String data, long fromUserId,
            Instant at, int maxQueueLength) {
        Queue queue = queues.computeIfAbsent(new Key(videoSessionId, recipientId), k -> new Queue());
        synchronized (queue) {
            if (queue.signals.size() >= maxQueueLength) {
                throw new QueueFull();
            }
            long seq = ++queue.lastSeq;
            queue.signals.addLast(new Signal(seq, type, data, fromUserId, at));
            return seq;
        }
    }

    @Override
    public Batch read(long videoSessionId, long recipientId, Long after) {
        Queue queue = queues.get(new Key(videoSessionId, recipientId));
        if (queue == null) {
            return new Batch(List.of(), after == null ? 0 : after);
        }
        synchronized (queue) {
            if (after == null) {
                List<Signal> all = new ArrayList<>(queue.signals);
                queue.signals.clear();
                return new Batch(all, queue.lastSeq);
            }
            while (!queue.signals.isEmpty() && queue.signals.peekFirst().seq() <= after) {
                queue.signals.removeFirst();
            }
            return new Batch(new ArrayList<>(queue.signals), queue.lastSeq);
        }
    }

    @Override
    public int depth(long videoSessionId, long recipientId) {
        Queue queue = queues.get(new Key(videoSessionId, recipientId));
        if (queue == null) {
            return 0;
        }
        synchronized (queue) {
            return queue.signals.size();
        }
    }

    @Override
    public void drop(long videoSessionId) {
        queues.keySet().removeIf(key -> key.videoSessionId() == videoSessionId);
    }

    private double totalQueued() {
        return queues.values().stream().mapToInt(q -> {
            synchronized (q) {
                return q.signals.size();
            }
        }).sum();
    }
}
