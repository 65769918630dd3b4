package com.speedmatch.match.internal;

import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.match.MessageViews;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Messages")
@RestController
@Validated
class MessageController {

    private final Messages messages;
    private final RateLimits limits;
    private final RateLimits.Limit readMarks;

    MessageController(Messages messages, RateLimits limits, LimitProperties properties) {
        this.messages = messages;
        this.limits = limits;
        this.readMarks =
                new RateLimits.Limit("read-marks-per-user", properties.readMarksPerMinute(), Duration.ofMinutes(1));
    }

    @Operation(
            summary = "The conversation of a match, newest first",
            description =
                    "Page back with before (the oldest id you have). read_up_to says how far each of you has read.")
    @ApiResponse(responseCode = "200", description = "A page of messages")
    @ApiResponse(responseCode = "404", description = "No such match of yours")
    @GetMapping("/api/matches/{match_id}/messages")
    MessageViews.Page page(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("match_id") long matchId,
            @Parameter(description = "Only messages older than this id")
                    @RequestParam(name = "before", required = false)
                    @Positive Long before,
            @Parameter(description = "At most this many (1-100, default 50)")
                    @RequestParam(name = "limit", required = false)
                    @Min(1) @Max(Messages.MAX_PAGE) Integer limit) {
        return messages.page(me.id(), matchId, before, limit);
    }

    @Operation(
            summary = "Send a message to your match; the other gets a message event",
            description = "Sending the same client_id again stores one message and answers it again.")
    @ApiResponse(responseCode = "201", description = "The message")
    @ApiResponse(responseCode = "404", description = "No such match of yours")
    @ApiResponse(responseCode = "429", description = "More than 30 messages a minute; see Retry-After")
    @PostMapping("/api/matches/{match_id}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    MessageViews.Message send(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("match_id") long matchId,
            @Valid @RequestBody MessageViews.Send request) {
        return messages.send(me.id(), matchId, request);
    }

    @Operation(summary = "Mark the conversation read up to a message; the other gets a read event")
    @ApiResponse(responseCode = "204", description = "Marked")
    @ApiResponse(responseCode = "404", description = "No such match of yours")
    @ApiResponse(responseCode = "429", description = "Too many read marks lately; see Retry-After")
    @PostMapping("/api/matches/{match_id}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(
            @AuthenticationPrincipal CurrentUser me,
            @PathVariable("match_id") long matchId,
            @Valid @RequestBody MessageViews.Read request) {
        limits.consume(readMarks, String.valueOf(me.id()), "Too many read marks; mark the newest message only");
        messages.read(me.id(), matchId, request.upTo());
    }

    @Operation(
            summary = "Unmatch: the match and its messages are gone for both, for good",
            description =
                    "No more messages or calls, and the two are never paired again. The other gets an unmatched event.")
    @ApiResponse(responseCode = "204", description = "Unmatched")
    @ApiResponse(responseCode = "404", description = "No such match of yours")
    @DeleteMapping("/api/matches/{match_id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unmatch(@AuthenticationPrincipal CurrentUser me, @PathVariable("match_id") long matchId) {
        messages.unmatch(me.id(), matchId);
    }
}
