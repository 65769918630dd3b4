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
        @DefaultValue("20") @Min(1) int subscriptionsPerHour,
        @DefaultValue("3") @Min(1) int maxAttempts,
        @DefaultValue("2s") @NotNull Duration firstRetry,
        @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue("2s") @NotNull Duration dnsTimeout,
        @DefaultValue Lane lane) {

    /**
     * The push lane: pushes wait in a queue of {@code queue-capacity} (when it is full the oldest
     * is dropped and counted) for {@code workers} threads that only prepare them; the sends
     * themselves wait on the push services without a thread, at most {@code max-in-flight} at
     * once and {@code per-origin-in-flight} to one push service. A push service that failed
     * {@code park-after} times in a row is parked for {@code park-for}, doubling while it keeps
     * failing, up to {@code park-for-max}.
     */
    record Lane(
            @DefaultValue("10000") @Min(1) int queueCapacity,
            @DefaultValue("2") @Min(1) int workers,
            @DefaultValue("256") @Min(1) int maxInFlight,
            @DefaultValue("16") @Min(1) int perOriginInFlight,
            @DefaultValue("3") @Min(1) int parkAfter,
            @DefaultValue("30s") @NotNull Duration parkFor,
            @DefaultValue("10m") @NotNull Duration parkForMax) {}

    record Vapid(
            String publicKey,
            String privateKey,

            @DefaultValue("mailto:no-reply@speedmatch.invalid") @NotBlank String subject,

            @DefaultValue("data/vapid.keys") @NotNull Path keyFile) {}
}
