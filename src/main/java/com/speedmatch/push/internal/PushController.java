package com.speedmatch.push.internal;

import com.speedmatch.push.PushViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import lombok.RequiredArgsConstructor;
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
@RequiredArgsConstructor
class PushController {

    private final PushSubscriptions subscriptions;
    private final VapidKeyring vapid;

    @Operation(summary = "The VAPID public key, for pushManager.subscribe({applicationServerKey})")
    @ApiResponse(responseCode = "200", description = "The key")
    @GetMapping("/api/push/vapid-public-key")
    PushViews.VapidKey vapidPublicKey() {
        return new PushViews.VapidKey(vapid.publicKey());
    }

    @Operation(
            summary = "Receive pushes on this browser: match found, a match calling, a message",
            description = "Pushed only while you have no feed request open. The same endpoint again replaces its keys.")
    @ApiResponse(responseCode = "201", description = "Subscribed")
    @ApiResponse(responseCode = "400", description = "Not an https endpoint on a public address, or bad keys")
    @PostMapping("/api/push/subscriptions")
    @ResponseStatus(HttpStatus.CREATED)
    PushViews.Subscribed subscribe(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody PushViews.SubscriptionRequest request) {
        return new PushViews.Subscribed(subscriptions.subscribe(me.id(), request));
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
