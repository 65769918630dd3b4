package com.speedmatch.call;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code video.*}: the call's length, the deadlines of calls that never start, and the live
 * date's rhythm: how long a mutual extension adds and how many a call may have, how often a new
 * icebreaker comes (and how soon after one a participant may ask for another), how long a silent
 * participant may be away before the call pauses, and how long a call may stay paused in total.
 * {@code endSpread}: calls that run out in the same second are ended over that much of it, each at
 * an offset of its own, not in one burst (the sweep runs every {@code video.sweep-interval}, so a
 * call still ends within a second of its {@code ends_at}).
 */
@Validated
@ConfigurationProperties("video")
public record VideoProperties(
        @DefaultValue("180s") @NotNull Duration callDuration,
        @DefaultValue("30s") @NotNull Duration joinTimeout,
        @DefaultValue("5m") @NotNull Duration abandonedTimeout,
        @DefaultValue("30m") @NotNull Duration livenessWindow,
        @DefaultValue("120s") @NotNull Duration extension,
        @DefaultValue("1") @Min(0) int maxExtensions,
        @DefaultValue("60s") @NotNull Duration promptInterval,
        @DefaultValue("15s") @NotNull Duration promptCooldown,
        @DefaultValue("15s") @NotNull Duration reconnectGrace,
        @DefaultValue("60s") @NotNull Duration maxPause,
        @DefaultValue("30s") @NotNull Duration closingPhase,
        @DefaultValue("800ms") @NotNull Duration endSpread) {}
