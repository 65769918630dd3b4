package com.speedmatch.signaling;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/**
 * Signals as a user's feed ({@code GET /api/events}) carries them. A signal event holds only a
 * reference; the signal itself stays in its call's queue, under the queue's bounds, until the
 * feed's cursor acknowledges the event, so a dropped response loses nothing and the feed holds no
 * second copy of anyone's data.
 */
@Component
@RequiredArgsConstructor
public class SignalFeed {

    /** A signal event's {@code data}. */
    public record SignalEvent(UUID sessionId, long seq, SignalType type, @JsonRawValue String data, long fromUserId) {
    }

    /** What a signal event refers to: the call (its internal id and its session id) and the signal's seq. */
    public record Ref(long videoSessionId, UUID sessionId, long seq) {

        static Ref of(long videoSessionId, UUID sessionId, long seq) {
            return new Ref(videoSessionId, sessionId, seq);
        }

        public static Ref parse(String text) {
            String[] part = text.split(":", 3);
            return new Ref(Long.parseLong(part[0]), UUID.fromString(part[2]), Long.parseLong(part[1]));
        }

        @Override
        public String toString() {
            return videoSessionId + ":" + seq + ":" + sessionId;
        }
    }

    private final SignalStore store;

    /** The call's signals still waiting for the user, as events, by seq. */
    public List<SignalEvent> waiting(long videoSessionId, UUID sessionId, long userId) {
        return store.peek(videoSessionId, userId).stream()
                .map(s -> new SignalEvent(sessionId, s.seq(), s.type(), s.data(), s.fromUserId())).toList();
    }

    /** The user's feed acknowledged these signals of the call. */
    public void acknowledge(long videoSessionId, long userId, Collection<Long> seqs) {
        store.acknowledge(videoSessionId, userId, seqs);
    }
}
