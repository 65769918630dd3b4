package com.speedmatch.call;

import com.speedmatch.call.CallViews.CallEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * Published inside the transaction that ends a call: the pool hears it there (its users wait
 * again), the feed and the signaling relay after commit, from the event publication registry.
 */
@DomainEvent
public record CallEnded(
        UUID sessionId,
        long videoSessionId,
        List<Long> userIds,
        CallStatus outcome,
        EndReason reason,
        Instant at,
        CallEvent call) {}
