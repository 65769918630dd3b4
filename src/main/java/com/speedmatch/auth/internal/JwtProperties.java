package com.speedmatch.auth.internal;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code security.jwt.*}. The secret is required: the embedded default generates one under
 * {@code ./data/}; with an external database the operator must set it.
 */
@Validated
@ConfigurationProperties("security.jwt")
record JwtProperties(
        @NotBlank(message = "security.jwt.secret is required when SPRING_DATASOURCE_URL is set") String secret,

        @DefaultValue("speedmatch") @NotBlank String issuer,
        @DefaultValue("15m") @NotNull Duration accessTokenTtl,
        @DefaultValue("30d") @NotNull Duration refreshTokenTtl,
        @DefaultValue("10") @Min(1) int maxSignIns) {}
