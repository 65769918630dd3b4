package com.speedmatch.push.internal;

import com.speedmatch.limits.RateLimits;
import com.speedmatch.push.PushViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Push notifications")
@RestController
class PushController {

    private final PushSubscriptions subscriptions;
    private final VapidKeyring vapid;
    private final RateLimits limits;
    private final RateLimits.Limit subscribing;

    PushController(PushSubscriptions subscriptions, VapidKeyring vapid, RateLimits limits, PushProperties properties) {
        this.subscriptions = subscriptions;
        this.vapid = vapid;
        this.limits = limits;
        this.subscribing = new RateLimits.Limit(
                "push-subscriptions-per-user", properties.subscriptionsPerHour(), Duration.ofHours(1));
    }

    @Operation(summary = "The VAPID public key, for pushManager.subscribe({applicationServerKey})")
    @ApiResponse(responseCode = "200", description = "The key")
    @GetMapping("/api/push/vapid-public-key")
    PushViews.VapidKey vapidPublicKey() {
        return new PushViews.VapidKey(vapid.publicKey());
    }

    @Operation(summary = "Receive pushes on this browser: match found, a match calling, a message", description = """
                    Pushed only while you have no feed request open. The same endpoint again replaces its \
                    keys. A subscription belongs to the sign-in that made it: logging out ends it, and a \
                    password reset, a suspension, a ban or closing the account end them all. At most 10 per \
                    user: the 11th replaces the oldest.""")
    @ApiResponse(responseCode = "201", description = "Subscribed")
    @ApiResponse(responseCode = "400", description = "Not an https endpoint on a public address, or bad keys")
    @ApiResponse(responseCode = "429", description = "Too many subscriptions made lately; see Retry-After")
    @PostMapping("/api/push/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    PushViews.Subscribed subscribe(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody PushViews.SubscriptionRequest request) {
        limits.consume(subscribing, String.valueOf(me.id()), "Too many push subscriptions made lately");
        return new PushViews.Subscribed(subscriptions.subscribe(me.id(), me.signIn(), request));
    }

    @Operation(summary = "Your push subscriptions, newest first: where each pushes to, since when, and its last push")
    @ApiResponse(responseCode = "200", description = "Your subscriptions")
    @GetMapping("/api/push/subscriptions")
    List<PushViews.SubscriptionView> subscriptions(@AuthenticationPrincipal CurrentUser me) {
        return subscriptions.list(me.id(), me.signIn());
    }

    @Operation(summary = "Stop pushes to this subscription")
    @ApiResponse(responseCode = "204", description = "Unsubscribed")
    @ApiResponse(responseCode = "404", description = "No such subscription of yours")
    @DeleteMapping("/api/push/subscriptions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unsubscribe(@AuthenticationPrincipal CurrentUser me, @PathVariable("id") long id) {
        subscriptions.unsubscribe(me.id(), id);
    }
}
