package com.speedmatch.call;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code video.*}: the call's length and the deadlines of calls that never start. */
@Validated
@ConfigurationProperties("video")
record VideoProperties(
        @DefaultValue("180s") @NotNull Duration callDuration,
        @DefaultValue("30s") @NotNull Duration joinTimeout,
        @DefaultValue("5m") @NotNull Duration abandonedTimeout,
        @DefaultValue("30m") @NotNull Duration livenessWindow) {
}
