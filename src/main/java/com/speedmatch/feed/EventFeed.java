package com.speedmatch.feed;

import com.speedmatch.feed.internal.EventLog;
import com.speedmatch.pool.PoolPolls;
import com.speedmatch.signaling.SignalFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;

/**
 * A user's one feed of news. The events come from the user's {@link EventLog}; an event that
 * carries a reference (a signal) is filled in from its call's queue ({@link SignalFeed}), where the
 * signal stays until a cursor at or past the event acknowledges it. A signal already taken through
 * the polling endpoint is left out.
 */
@Service
@RequiredArgsConstructor
public class EventFeed {

    private final EventLog log;
    private final SignalFeed signals;
    private final PoolPolls matching;

    /** The events after {@code after}; without it only the cursor to start from. Counts as presence. */
    public EventViews.Events read(long userId, Long after) {
        matching.seen(userId);
        return look(userId, after, after);
    }

    /**
     * For a socket: the events after {@code sent} (what it has sent already), acknowledging only up
     * to {@code acknowledged} (what its client acknowledged; null for nothing yet).
     */
    public EventViews.Events next(long userId, long sent, Long acknowledged) {
        return look(userId, sent, acknowledged);
    }

    /** For a parked request: an answer once there are events to give or the cursor is too old. */
    public Optional<EventViews.Events> readIfAny(long userId, long after) {
        EventViews.Events events = look(userId, after, after);
        return events.events().isEmpty() && !events.reset() ? Optional.empty() : Optional.of(events);
    }

    private EventViews.Events look(long userId, Long after, Long acknowledge) {
        EventLog.Page page = log.read(userId, after, acknowledge);
        List<String> acknowledged = signalRefs(page.acknowledged());
        if (!acknowledged.isEmpty()) {
            signals.acknowledge(userId, acknowledged);
        }
        return new EventViews.Events(views(userId, page.events()), page.lastSeq(), page.reset());
    }

    private static List<String> signalRefs(List<EventLog.Entry> entries) {
        return entries.stream()
                .filter(e -> e.ref() != null && SignalFeed.TYPE.equals(e.type()))
                .map(EventLog.Entry::ref)
                .toList();
    }

    private List<EventViews.Event> views(long userId, List<EventLog.Entry> entries) {
        List<String> refs = signalRefs(entries);
        Map<String, String> queued = refs.isEmpty() ? Map.of() : signals.resolve(userId, refs);
        List<EventViews.Event> views = new ArrayList<>(entries.size());
        for (EventLog.Entry entry : entries) {
            String data = SignalFeed.TYPE.equals(entry.type()) && entry.ref() != null
                    ? queued.get(entry.ref())
                    : entry.data();
            if (data != null) {
                views.add(new EventViews.Event(entry.seq(), entry.type(), entry.at(), data));
            }
        }
        return views;
    }
}
