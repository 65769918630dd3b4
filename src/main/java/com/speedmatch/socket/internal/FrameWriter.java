package com.speedmatch.socket.internal;

import com.speedmatch.shared.DependencyFailures;
import com.speedmatch.shared.Unavailable;
import java.time.Duration;
import java.util.Optional;
import lombok.extern.slf4j.Slf4j;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the server writes on a socket besides the feed: frames as JSON, {@code error} frames (the
 * problem's status, title, detail and retry), the close for a failure, and the reading of a cursor
 * field that answers a bad one with an error frame.
 */
@Slf4j
@Component
class FrameWriter {

    private final JsonMapper json;

    FrameWriter(JsonMapper json) {
        this.json = json;
    }

    String write(Object frame) {
        return json.writeValueAsString(frame);
    }

    void error(FeedSocket socket, int status, String title, String detail) {
        error(socket, status, title, detail, null);
    }

    void error(FeedSocket socket, int status, String title, String detail, Long retryAfter) {
        socket.send(write(new Frames.Error(status, title, detail, retryAfter)));
    }

    /** A dependency away closes with 1013 (reconnect shortly); anything else is a bug: logged, 1011. */
    void closeForFailure(FeedSocket socket, RuntimeException e) {
        if (!DependencyFailures.isUnavailable(e)) {
            log.error("Feed socket {} failed", socket.id(), e);
            socket.close(CloseStatus.SERVER_ERROR);
            return;
        }
        socket.close(
                Frames.closeFor(new Unavailable("Service unavailable", "Reconnect shortly", Duration.ofSeconds(5))));
    }

    /** A cursor field: empty when absent, null (after an error frame) when it is not a seq. */
    Optional<Long> cursor(FeedSocket socket, JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            error(socket, 400, "Invalid frame", field + ": a seq, a whole number of at least 0");
            return null;
        }
        return Optional.of(value.asLong());
    }
}
