package com.speedmatch.feed.internal;

import com.speedmatch.feed.EventFeed;
import com.speedmatch.feed.EventViews;
import com.speedmatch.longpoll.Parking;
import com.speedmatch.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import lombok.RequiredArgsConstructor;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

@Tag(name = "Events")
@RestController
@Validated
@RequiredArgsConstructor
class EventController {

    private final EventFeed feed;
    private final Parking parking;

    @Operation(
            summary = "All your news in one long-poll: pairings, call states, signals, matches calling",
            description = """
                    Start without after: the answer is only last_seq, the cursor to start from; then read \
                    GET /api/continuous-matching/current for the state you start in. Then ask with after (the last \
                    seq you handled) and wait (0-25 s): the answer comes the moment there is an event after it. \
                    A later request with after at or past an event acknowledges it, and the signal it carried; \
                    until then it is sent again. reset true: events after your after may be gone; re-read \
                    /current and go on from last_seq. Counts as presence in the pool. The same feed comes over a \
                    WebSocket at GET /api/events/ws (first frame {"type": "auth", "token", "after"}; see the \
                    README), with no request per event.""")
    @GetMapping("/api/events")
    DeferredResult<EventViews.Events> events(
            @AuthenticationPrincipal CurrentUser me,
            @Parameter(description = "The last event seq you handled")
                    @RequestParam(name = "after", required = false)
                    @Min(0) Long after,
            @Parameter(description = "Long-poll seconds, 0-25")
                    @RequestParam(name = "wait", defaultValue = "0")
                    @Min(0) @Max(25) int wait) {
        return parking.answerOrPark(
                Parking.Topic.EVENTS,
                me.id(),
                Duration.ofSeconds(after == null ? 0 : wait),
                () -> feed.read(me.id(), after),
                now -> !now.events().isEmpty() || now.reset(),
                () -> feed.readIfAny(me.id(), after),
                () -> feed.read(me.id(), after));
    }
}
