package com.speedmatch.call;

import com.speedmatch.call.CallViews.MatchCallEvent;
import java.time.Instant;
import org.jmolecules.event.annotation.DomainEvent;

/** Published when a match calls: the partner's feed hears {@code match_call} after commit. */
@DomainEvent
public record MatchCalling(long callerId, long partnerId, MatchCallEvent call, Instant at) {}
