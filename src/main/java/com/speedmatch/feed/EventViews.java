package com.speedmatch.feed;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** What {@code GET /api/events} answers. */
public final class EventViews {

    private EventViews() {}

    @Schema(description = "One piece of news for the user")
    public record Event(
            @Schema(description = "Grows with every event of this user; send the last one you handled as after")
            long seq,

            @Schema(
                    description = "match_found, call, signal or match_call",
                    allowableValues = {"match_found", "call", "signal", "match_call"})
            String type,

            Instant at,

            @Schema(
                    description =
                            "match_found: next-match's match_data; call: {session_id, status, started_at, ends_at, "
                                    + "end_reason}; signal: {session_id, seq, type, data, from_user_id}; match_call: {session_id, "
                                    + "match_id, from_user_id}",
                    type = "object")
            @JsonRawValue
            String data) {}

    public record Events(
            List<Event> events,

            @Schema(description = "The newest seq issued to you; the after of your next request")
            long lastSeq,

            @Schema(description = "Events after your after may be gone: re-read GET /api/continuous-matching/current")
            boolean reset) {}
}
