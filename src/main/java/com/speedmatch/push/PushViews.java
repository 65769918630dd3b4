package com.speedmatch.push;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The bodies of the push endpoints. */
public final class PushViews {

    private PushViews() {}

    @Schema(description = "A browser's PushSubscription, as JSON.stringify(subscription) gives it")
    public record SubscriptionRequest(
            @NotBlank @Size(max = 2048) String endpoint,
            @NotNull @Valid Keys keys) {}

    public record Keys(
            @NotBlank @Size(max = 200) String p256dh,
            @NotBlank @Size(max = 100) String auth) {}

    public record Subscribed(long id) {}

    /**
     * One of your subscriptions, as you see it: where pushes go (the push service's origin, never
     * the full endpoint, which is a secret of your browser), since when, and when one last arrived.
     */
    public record SubscriptionView(
            @Schema(description = "The subscription's id, for DELETE")
            long id,

            @Schema(description = "The push service, e.g. https://fcm.googleapis.com")
            String origin,

            @Schema(description = "When you subscribed") Instant createdAt,

            @Schema(description = "When a push to it last arrived; null until one has")
            Instant lastSuccessAt,

            @Schema(description = "Whether it belongs to the sign-in that asks")
            boolean thisSignIn) {}

    public record VapidKey(
            @Schema(description = "URL-safe base64, the applicationServerKey of pushManager.subscribe")
            String key) {}
}
