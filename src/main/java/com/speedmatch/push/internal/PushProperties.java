package com.speedmatch.push.internal;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code push.*}: which push endpoints are accepted ({@code public-https}: https on public
 * addresses only, checked again on the resolved address at every send; {@code any}: tests), the
 * VAPID keys (URL-safe base64 of the uncompressed P-256 points; unset outside cluster mode, they
 * are generated once into {@code key-file}), and the bounds of sending.
 */
@Validated
@ConfigurationProperties("push")
record PushProperties(
        @DefaultValue("public-https") @NotNull EndpointPolicy.Mode endpointPolicy,
        @DefaultValue Vapid vapid,
        @DefaultValue("20") @Min(1) int perUserPerMinute,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("2s") @NotNull Duration firstRetry,
        @DefaultValue("5s") @NotNull Duration timeout) {

    record Vapid(
            String publicKey,
            String privateKey,

            @DefaultValue("mailto:no-reply@speedmatch.invalid") @NotBlank String subject,

            @DefaultValue("data/vapid.keys") @NotNull Path keyFile) {}
}
