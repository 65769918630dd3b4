package com.speedmatch.call.internal;

import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Video calls")
@RestController
@RequestMapping("/api/video")
@RequiredArgsConstructor
class VideoController {

    private final CallService calls;
    private final CallQuality quality;
    private final LiveDate dates;
    private final RateLimits limits;
    private final LimitProperties limitProperties;

    @Operation(
            summary = "The call: status, timer, role (the lower user id is the caller and offers), participants",
            description =
                    "Counts as a heartbeat for the reader's matching session (the partner's presence is their own: see phase paused).")
    @ApiResponse(responseCode = "200", description = "The call")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "410", description = "Cancelled because the other user is no longer matching")
    @GetMapping("/session/{session_id}")
    CallViews.Call session(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId) {
        return calls.view(me.id(), sessionId);
    }

    @Operation(summary = "Join the call; the second join starts the timer (timer_started: true)")
    @ApiResponse(responseCode = "200", description = "Joined")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "409", description = "The call is over")
    @PostMapping("/join-call/{session_id}")
    CallViews.Join join(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId) {
        return calls.join(me.id(), sessionId);
    }

    @Operation(summary = "End the call; the other side sees completed")
    @ApiResponse(responseCode = "200", description = "The ended call")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @PostMapping("/end-call/{session_id}")
    CallViews.Call end(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId) {
        return calls.end(me.id(), sessionId);
    }

    @Operation(
            summary = "Report how the call's WebRTC connection went (once per participant)",
            description =
                    "Feeds the call-quality metrics: connection time, candidate types, failures by stage, round trip.")
    @ApiResponse(responseCode = "202", description = "Recorded")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "409", description = "Already reported for this call")
    @PostMapping("/session/{session_id}/quality")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void quality(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("session_id") UUID sessionId,
            @Valid @RequestBody CallQuality.Report report) {
        quality.record(me.id(), sessionId, report);
    }

    @Operation(
            summary = "Ask for more time; when both have asked, the date ends video.extension later for both",
            description = "While the date runs (talking or closing, not paused). Asking twice counts once. Both hear "
                    + "every change through a call event; the status shows extension.requested_by.")
    @ApiResponse(responseCode = "200", description = "Asked; granted: true when this completed an extension")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "409", description = "The date is not running, is paused, or had all its extensions")
    @PostMapping("/session/{session_id}/extend")
    CallViews.ExtendAnswer extend(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId) {
        return dates.extend(me.id(), sessionId);
    }

    /** The client's media connection, from its ICE state. */
    record ConnectionReport(
            @NotNull @Schema(
                    description = "lost (ICE disconnected or failed) or restored",
                    allowableValues = {"lost", "restored"})
            @Pattern(regexp = "lost|restored") String state) {}

    @Operation(
            summary = "Tell the server your media connection dropped or came back",
            description =
                    "While a participant's connection is lost, the date is paused: its timer stands still and the "
                            + "partner is told. After video.max-pause of pauses in total it ends with end_reason connection_lost.")
    @ApiResponse(responseCode = "202", description = "Recorded")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "409", description = "The date is over")
    @ApiResponse(responseCode = "429", description = "Too many connection changes lately; see Retry-After")
    @PostMapping("/session/{session_id}/connection")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void connection(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("session_id") UUID sessionId,
            @Valid @RequestBody ConnectionReport report) {
        limits.consume(
                new RateLimits.Limit(
                        "connection-changes-per-user",
                        limitProperties.connectionChangesPerMinute(),
                        Duration.ofMinutes(1)),
                String.valueOf(me.id()),
                "Too many connection changes; report a change of the ICE state only");
        dates.connection(me.id(), sessionId, "lost".equals(report.state()));
    }
}
