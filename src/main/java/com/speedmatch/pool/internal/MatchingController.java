package com.speedmatch.pool.internal;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.pool.MatchingService;
import com.speedmatch.pool.MatchingViews;
import com.speedmatch.pool.PoolPolls;
import com.speedmatch.shared.CurrentUser;
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
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

@Tag(name = "Continuous matching")
@RestController
@Validated
@RequestMapping("/api/continuous-matching")
@RequiredArgsConstructor
class MatchingController {

    private final MatchingService matching;
    private final PoolPolls polls;
    private final Parking parking;

    @Operation(
            summary = "The live pool for a waiting screen: waiting now, in calls now, median wait (last 10 minutes)",
            description = "Computed at most once a second and shared by all readers.")
    @GetMapping("/stats")
    MatchingViews.PoolStats stats() {
        return polls.stats();
    }

    @Operation(summary = "Enter the pool; ends any earlier session of yours")
    @PostMapping("/start")
    MatchingViews.SessionState start(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MatchingViews.StartRequest request) {
        return matching.start(me.id(), request);
    }

    @Operation(
            summary = "Your next date, if the matchmaker found one; counts as a heartbeat",
            description = "Without wait it answers at once (poll every 2-3 s). With wait=N (1-25) it answers the "
                    + "moment you are paired, or with match_found false after N seconds.")
    @ApiResponse(responseCode = "200", description = "match_found true with match_data, or false with a message")
    @ApiResponse(responseCode = "404", description = "No such session of yours")
    @Parameter(
            name = "wait",
            in = ParameterIn.QUERY,
            description = "Long-poll seconds, 0-25",
            schema = @Schema(type = "integer", minimum = "0", maximum = "25"))
    @GetMapping(value = "/next-match", params = "!wait")
    MatchingViews.NextMatch nextMatch(
            @AuthenticationPrincipal CurrentUser me, @RequestParam("session_id") UUID sessionId) {
        return polls.nextMatch(me.id(), sessionId);
    }

    /** The same with {@code wait}: a plain poll stays a plain request, without an async dispatch. */
    @Operation(hidden = true)
    @GetMapping(value = "/next-match", params = "wait")
    DeferredResult<MatchingViews.NextMatch> nextMatchWaiting(
            @AuthenticationPrincipal CurrentUser me,
            @RequestParam("session_id") UUID sessionId,
            @Parameter(description = "Long-poll seconds, 0-25") @RequestParam("wait") @Min(0) @Max(25) int wait) {
        return parking.answerOrPark(
                Parking.Topic.MATCH,
                me.id(),
                Duration.ofSeconds(wait),
                () -> polls.nextMatch(me.id(), sessionId),
                now -> now.matchFound() || MatchingService.NOT_MATCHING.equals(now.message()),
                () -> polls.nextMatchIfAny(me.id(), sessionId),
                () -> polls.nextMatchIfAny(me.id(), sessionId)
                        .orElse(MatchingViews.NextMatch.none(MatchingService.NO_MATCH)));
    }

    @Operation(summary = "Keep the session present in the pool")
    @PostMapping("/heartbeat")
    MatchingViews.Heartbeat heartbeat(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MatchingViews.SessionRequest request) {
        return polls.heartbeat(me.id(), request.sessionId());
    }

    @Operation(summary = "Leave the pool for a while")
    @PostMapping("/pause")
    MatchingViews.SessionState pause(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MatchingViews.SessionRequest request) {
        return matching.pause(me.id(), request.sessionId());
    }

    @Operation(summary = "Come back to the pool")
    @PostMapping("/resume")
    MatchingViews.SessionState resume(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MatchingViews.SessionRequest request) {
        return matching.resume(me.id(), request.sessionId());
    }

    @Operation(summary = "Leave the pool; a call being set up for you is cancelled")
    @PostMapping("/end")
    MatchingViews.SessionState end(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MatchingViews.SessionRequest request) {
        return matching.end(me.id(), request.sessionId());
    }

    @Operation(summary = "The session: status, preferences, last_active, and how many users it excludes")
    @ApiResponse(responseCode = "404", description = "No such session of yours")
    @GetMapping("/session/{session_id}")
    MatchingViews.Session session(@AuthenticationPrincipal CurrentUser me, @PathVariable("session_id") UUID sessionId) {
        return matching.session(me.id(), sessionId);
    }

    @Operation(summary = "Your open matching session and live call, if any: what a client resumes after a reload")
    @GetMapping("/current")
    MatchingViews.Current current(@AuthenticationPrincipal CurrentUser me) {
        return matching.current(me.id());
    }
}
