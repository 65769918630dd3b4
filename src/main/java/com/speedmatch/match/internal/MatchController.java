package com.speedmatch.match.internal;

import com.speedmatch.match.MatchService;
import com.speedmatch.match.MatchViews;
import com.speedmatch.shared.CurrentUser;
import com.speedmatch.shared.MatchId;
import com.speedmatch.shared.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Matches")
@RestController
@RequiredArgsConstructor
class MatchController {

    private final MatchService matches;

    @Operation(
            summary = "After a call: skip (never again), continue (a match when both say it) or next",
            description = "match_id is the call_session_id from next-match. A decision during the call ends it.")
    @ApiResponse(responseCode = "200", description = "Processed; mutual_match is set once both said continue")
    @ApiResponse(responseCode = "404", description = "No such call of yours")
    @PostMapping("/api/continuous-matching/continue-decision")
    MatchViews.DecisionResult decide(
            @AuthenticationPrincipal CurrentUser me, @Valid @RequestBody MatchViews.DecisionRequest request) {
        return matches.decide(me.id(), request);
    }

    @Operation(summary = "Your mutual matches, newest first, with the other user's public profile")
    @GetMapping("/api/matches")
    List<MatchViews.MatchEntry> matches(@AuthenticationPrincipal CurrentUser me) {
        return matches.matchesOf(me.id());
    }

    @Operation(summary = "Start a new video call with a mutual match; the video and signaling endpoints serve it")
    @ApiResponse(responseCode = "201", description = "The new video session")
    @ApiResponse(responseCode = "404", description = "No such match of yours")
    @ApiResponse(responseCode = "409", description = "You or your match are in another call")
    @PostMapping("/api/matches/{match_id}/video-call")
    @ResponseStatus(HttpStatus.CREATED)
    MatchViews.MatchCall call(@AuthenticationPrincipal CurrentUser me, @PathVariable("match_id") long matchId) {
        return matches.callMatch(UserId.of(me.id()), MatchId.of(matchId));
    }
}
