package com.speedmatch.call;

import com.speedmatch.call.CallViews.CallEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jmolecules.event.annotation.DomainEvent;

/** The timeline of a live call changed (an extension asked or granted, a pause, a resume): both hear it. */
@DomainEvent
public record CallChanged(UUID sessionId, List<Long> userIds, CallEvent call, Instant at) {}
