package com.speedmatch.signaling;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code signaling.*}: the bounds of a signal and of a recipient's queue. */
@Validated
@ConfigurationProperties("signaling")
record SignalingProperties(
        @DefaultValue("65536") @Min(1) int maxSignalBytes,
        @DefaultValue("256") @Min(1) int maxQueueLength,
        @DefaultValue("60s") @NotNull Duration queueRetention) {
}
