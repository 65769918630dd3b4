package com.speedmatch.date;

import com.speedmatch.call.CallViews.PromptEvent;
import java.time.Instant;
import java.util.List;
import org.jmolecules.event.annotation.DomainEvent;

/** A new icebreaker was chosen for a call; the feed tells both after commit. */
@DomainEvent
public record PromptShown(List<Long> userIds, PromptEvent prompt, Instant at) {}
