package com.speedmatch.socket.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.speedmatch.feed.EventViews;
import com.speedmatch.shared.DomainException;
import com.speedmatch.shared.Refused;
import com.speedmatch.shared.Unavailable;
import java.util.List;
import org.springframework.web.socket.CloseStatus;
import tools.jackson.databind.JsonNode;

/** The frames the server sends (docs/spec.md "The feed over a WebSocket"), and its close codes. */
final class Frames {

    /** No valid auth frame in time, a token that does not verify or expired, or a closed account. */
    static final int UNAUTHENTICATED = 4401;
    /** A banned or suspended account. */
    static final int REFUSED = 4403;
    /** Nothing heard after a ping for the pong timeout: the connection is gone. */
    static final int SILENT = 4408;
    /** The user opened one parked request or socket too many; this was the oldest. */
    static final int DISPLACED = 4409;
    /** The client read too slowly: more than the send buffer waited for it. Resume from the cursor. */
    static final int TOO_SLOW = 4413;
    /** The client sent frames faster than its budget. */
    static final int FLOOD = 4429;

    private Frames() {}

    record Events(String type, List<EventViews.Event> events, long lastSeq, boolean reset) {
        Events(List<EventViews.Event> events, long lastSeq, boolean reset) {
            this("events", events, lastSeq, reset);
        }
    }

    record SignalAck(String type, long seq) {
        SignalAck(long seq) {
            this("signal_ack", seq);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, int status, String title, String detail, Long retryAfter) {
        Error(int status, String title, String detail, Long retryAfter) {
            this("error", status, title, detail, retryAfter);
        }
    }

    record Pong(String type) {
        static final Pong PONG = new Pong("pong");
    }

    /** How a refused auth frame, or an account that changed, closes the socket. */
    static CloseStatus closeFor(DomainException e) {
        if (e instanceof Unavailable) {
            return close(CloseStatus.SERVICE_OVERLOAD.getCode(), "Unavailable; reconnect shortly");
        }
        return close(e instanceof Refused ? REFUSED : UNAUTHENTICATED, e.getMessage());
    }

    /** A text field of a client frame; null when absent or not text. */
    static String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    static CloseStatus close(int code, String reason) {
        // A close frame's reason is at most 123 bytes.
        return new CloseStatus(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
    }
}
