package com.speedmatch.feed.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a user's feed keeps its events (docs/spec.md "One feed of news": at least 60 s and at least the
 * last 256). {@code maxKept} bounds a feed's memory whatever the rate (signals are rate limited
 * to 20 a second, and a signal event carries a reference, not the signal's data).
 */
@ConfigurationProperties("events")
public record EventProperties(
        @DefaultValue("60s") Duration retention,
        @DefaultValue("256") int minKept,
        @DefaultValue("2048") int maxKept) {}
