package com.speedmatch.limits;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code limits.*}: docs/spec.md "Limits", each number a property. Past a limit the caller gets a 429
 * problem with {@code Retry-After}.
 */
@Validated
@ConfigurationProperties("limits")
public record LimitProperties(
        @DefaultValue("10") @Min(1) int failedLoginsPerEmailAndAddress,
        @DefaultValue("50") @Min(1) int failedLoginsPerAddress,
        @DefaultValue("15m") @NotNull Duration failedLoginWindow,
        @DefaultValue("100") @Min(1) int failedLoginsPerEmail,
        @DefaultValue("1h") @NotNull Duration failedLoginsPerEmailWindow,
        @DefaultValue("10") @Min(1) int registrationsPerAddress,
        @DefaultValue("1h") @NotNull Duration registrationWindow,
        @DefaultValue("20") @Min(1) int signalsPerSecond,
        @DefaultValue("10") @Min(1) int matchCallsPerMatch,
        @DefaultValue("1h") @NotNull Duration matchCallWindow,
        @DefaultValue("4") @Min(1) int parkedPerUser,
        @DefaultValue("3") @Min(1) int passwordResetsPerEmail,
        @DefaultValue("1h") @NotNull Duration passwordResetWindow,
        @DefaultValue("30") @Min(1) int messagesPerMinute,
        @DefaultValue("3") @Min(1) int verificationMailsPerAccount,
        @DefaultValue("1h") @NotNull Duration verificationMailWindow,
        @DefaultValue("60") @Min(1) int readMarksPerMinute,
        @DefaultValue("30") @Min(1) int connectionChangesPerMinute) {}
