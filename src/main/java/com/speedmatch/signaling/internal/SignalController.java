package com.speedmatch.signaling.internal;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.shared.CurrentUser;
import com.speedmatch.signaling.SignalViews;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

@Tag(name = "Video calls")
@RestController
@Validated
@RequiredArgsConstructor
class SignalController {

    private final SignalService signals;
    private final Parking parking;

    @Operation(summary = "Send an offer, answer or ICE candidate to the other participant")
    @ApiResponse(responseCode = "202", description = "Queued for the other participant, with its seq")
    @ApiResponse(responseCode = "404", description = "No such call of yours")
    @ApiResponse(responseCode = "409", description = "The call is over")
    @ApiResponse(responseCode = "413", description = "data larger than 64 KiB")
    @ApiResponse(responseCode = "429", description = "256 signals already wait for the recipient; see Retry-After")
    @PostMapping("/api/video/send-signal")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SignalViews.Sent send(@AuthenticationPrincipal CurrentUser me, @Valid @RequestBody SignalViews.SendSignal request) {
        return new SignalViews.Sent(signals.send(me.id(), request));
    }

    @Operation(
            summary = "Signals sent to you, in order",
            description = "after=N acknowledges every signal up to seq N and returns only newer ones (nothing is lost "
                    + "to a dropped response); without after, signals are removed once read (the guide's behaviour). "
                    + "wait=N (1-25) holds the request until a signal arrives.")
    @ApiResponse(responseCode = "404", description = "No such call of yours")
    @Parameter(
            name = "wait",
            in = ParameterIn.QUERY,
            description = "Long-poll seconds, 0-25",
            schema = @Schema(type = "integer", minimum = "0", maximum = "25"))
    @GetMapping(value = "/api/video/signals/{session_id}", params = "!wait")
    SignalViews.Signals read(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("session_id") UUID sessionId,
            @Parameter(description = "Acknowledge up to this seq")
                    @RequestParam(value = "after", required = false)
                    @Min(0) Long after) {
        return signals.read(me.id(), sessionId, after);
    }

    /** The same with {@code wait}: a plain poll stays a plain request, without an async dispatch. */
    @Operation(hidden = true)
    @GetMapping(value = "/api/video/signals/{session_id}", params = "wait")
    DeferredResult<SignalViews.Signals> readWaiting(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("session_id") UUID sessionId,
            @RequestParam(value = "after", required = false) @Min(0) Long after,
            @RequestParam("wait") @Min(0) @Max(25) int wait) {
        if (wait == 0) {
            return Parking.answered(signals.read(me.id(), sessionId, after));
        }
        // Resolved once: each wake-up then only looks at the queue's depth.
        long videoSessionId = signals.videoSessionIdFor(me.id(), sessionId);
        return parking.park(
                Parking.Topic.SIGNAL,
                me.id(),
                Duration.ofSeconds(wait),
                () -> signals.readIfAny(me.id(), videoSessionId, after),
                () -> signals.read(me.id(), sessionId, after));
    }
}
