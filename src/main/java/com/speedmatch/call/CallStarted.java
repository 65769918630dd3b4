package com.speedmatch.call;

import com.speedmatch.call.CallViews.CallEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jmolecules.event.annotation.DomainEvent;

/** Published when both have joined and the timer runs; the feed tells both after commit. */
@DomainEvent
public record CallStarted(UUID sessionId, long videoSessionId, List<Long> userIds, CallEvent call, Instant at) {}
