package com.speedmatch.signaling.internal;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code signaling.*}: the bounds of a signal, of a recipient's queue in one call, of the bytes
 * queued for one recipient across all their calls, and how long an ended call's queues are kept
 * (long enough for the last answer and candidates to be read by a parked request).
 */
@Validated
@ConfigurationProperties("signaling")
record SignalingProperties(
        @DefaultValue("65536") @Min(1) int maxSignalBytes,
        @DefaultValue("256") @Min(1) int maxQueueLength,
        @DefaultValue("1MB") @NotNull DataSize maxQueuedBytesPerUser,
        @DefaultValue("30s") @NotNull Duration queueRetention) {}
