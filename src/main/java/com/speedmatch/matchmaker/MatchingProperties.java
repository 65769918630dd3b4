package com.speedmatch.matchmaker;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code matching.*}: who counts as present, and how often the matchmaker runs. */
@Validated
@ConfigurationProperties("matching")
public record MatchingProperties(
        @DefaultValue("15s") @NotNull Duration activeWindow,
        @DefaultValue("30s") @NotNull Duration staleTimeout,
        @DefaultValue("10m") @NotNull Duration recentPairWindow,
        @DefaultValue("200ms") @NotNull Duration tick,
        @DefaultValue("32") @Min(1) int maxCandidatesPerUser) {}
