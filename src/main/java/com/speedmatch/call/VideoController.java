package com.speedmatch.call;

import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Video calls")
@RestController
@RequestMapping("/api/video")
@RequiredArgsConstructor
class VideoController {

    private final CallService calls;
    private final CallQuality quality;

    @Operation(summary = "The call: status, timer, role (the lower user id is the caller and offers), participants",
            description = "Counts as a heartbeat for both users' matching sessions.")
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

    @Operation(summary = "Report how the call's WebRTC connection went (once per participant)",
            description = "Feeds the call-quality metrics: connection time, candidate types, failures by stage, round trip.")
    @ApiResponse(responseCode = "202", description = "Recorded")
    @ApiResponse(responseCode = "404", description = "No such call, or not yours")
    @ApiResponse(responseCode = "409", description = "Already reported for this call")
    @PostMapping("/session/{session_id}/quality")
    @ResponseStatus(HttpStatus.ACCEPTED)
    void quality(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId,
            @Valid @RequestBody CallQuality.Report report) {
        quality.record(me.id(), sessionId, report);
    }
}
