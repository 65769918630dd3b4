package com.speedmatch.push;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

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

    public record VapidKey(
            @Schema(description = "URL-safe base64, the applicationServerKey of pushManager.subscribe")
            String key) {}
}
