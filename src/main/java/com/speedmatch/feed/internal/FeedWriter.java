package com.speedmatch.feed.internal;

import com.speedmatch.call.CallChanged;
import com.speedmatch.call.CallEnded;
import com.speedmatch.call.CallStarted;
import com.speedmatch.call.MatchCalling;
import com.speedmatch.date.PromptShown;
import com.speedmatch.match.Matched;
import com.speedmatch.match.MessageSent;
import com.speedmatch.match.MessagesRead;
import com.speedmatch.match.Unmatched;
import com.speedmatch.matchmaker.PairsMade;
import com.speedmatch.pool.PoolPolls;
import com.speedmatch.signaling.SignalQueued;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * What the other modules' events become in their users' feeds. Each handler runs after the
 * publishing transaction committed, on the bounded event executor, in no transaction (the feed
 * lives in memory or in Redis: no database connection is held while it is written).
 *
 * <p>A handler that cannot append throws, so the event publication registry keeps the event and it
 * is resubmitted ({@code EventRedelivery}); a user whose append still fails once the event is older
 * than the feed's retention gets a gap instead, read as {@code reset: true}. A resubmitted event may
 * reach a user whose append had worked a second time; every event is a state to render, so a
 * second copy changes nothing a client shows.
 */
@Slf4j
@Component
@RequiredArgsConstructor
class FeedWriter {

    private final UserEvents feeds;
    private final UserService users;
    private final EventProperties properties;
    private final Clock clock;

    private record News(long userId, String type, Object data) {}

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(PairsMade made) {
        Map<Long, PublicProfile> profiles = users.publicProfiles(made.pairings().stream()
                .flatMap(p -> Stream.of(p.userA(), p.userB()))
                .toList());
        List<News> news = new ArrayList<>();
        for (PairsMade.Pairing p : made.pairings()) {
            news.add(new News(
                    p.userA(),
                    "match_found",
                    PoolPolls.matchData(p.callSessionId(), p.videoSessionId(), profiles.get(p.userB()), p.score())));
            news.add(new News(
                    p.userB(),
                    "match_found",
                    PoolPolls.matchData(p.callSessionId(), p.videoSessionId(), profiles.get(p.userA()), p.score())));
        }
        deliver(made.at(), news);
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(CallStarted started) {
        deliver(
                started.at(),
                started.userIds().stream()
                        .map(id -> new News(id, "call", started.call()))
                        .toList());
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(CallEnded ended) {
        deliver(
                ended.at(),
                ended.userIds().stream()
                        .map(id -> new News(id, "call", ended.call()))
                        .toList());
    }

    /** An extension asked or granted, a pause, a resume: both see the new timeline at once. */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(CallChanged changed) {
        deliver(
                changed.at(),
                changed.userIds().stream()
                        .map(id -> new News(id, "call", changed.call()))
                        .toList());
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(MessageSent sent) {
        deliver(sent.at(), List.of(new News(sent.toUserId(), "message", sent.message())));
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(MessagesRead read) {
        deliver(read.at(), List.of(new News(read.toUserId(), "read", read.read())));
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(Matched matched) {
        deliver(matched.at(), List.of(new News(matched.toUserId(), "matched", matched.matched())));
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(Unmatched unmatched) {
        deliver(unmatched.at(), List.of(new News(unmatched.toUserId(), "unmatched", unmatched.unmatched())));
    }

    /** The icebreaker both see from now. */
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(PromptShown shown) {
        deliver(
                shown.at(),
                shown.userIds().stream()
                        .map(id -> new News(id, "prompt", shown.prompt()))
                        .toList());
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(MatchCalling calling) {
        feeds.wake(calling.callerId());
        deliver(calling.at(), List.of(new News(calling.partnerId(), "match_call", calling.call())));
    }

    /**
     * A signal, on the sender's thread: the hot path of a call, where a registry row per signal
     * would double the statements. Nothing is lost by that: the signal waits in its queue, and an
     * append that fails gives the receiver a gap (a reset, then the signals poll or the next event).
     */
    @EventListener
    void on(SignalQueued queued) {
        try {
            feeds.post(queued.toUserId(), "signal", queued.event(), queued.ref());
        } catch (RuntimeException e) {
            giveUp(queued.toUserId(), "signal", e);
        }
    }

    private void deliver(Instant at, List<News> news) {
        boolean pastRetention = at.plus(properties.retention()).isBefore(clock.instant());
        RuntimeException failure = null;
        for (News item : news) {
            try {
                feeds.post(item.userId(), item.type(), item.data(), null);
            } catch (RuntimeException e) {
                if (pastRetention) {
                    failure = giveUp(item.userId(), item.type(), e) ? failure : e;
                } else {
                    log.warn(
                            "A {} event for user {} was not stored yet; it is tried again: {}",
                            item.type(),
                            item.userId(),
                            e.getMessage());
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether the gap was stored; if not, the event stays in the registry and the gap is tried again. */
    private boolean giveUp(long userId, String type, RuntimeException cause) {
        try {
            feeds.giveUp(userId, type, cause);
            return true;
        } catch (RuntimeException e) {
            log.warn("No gap could be stored for user {} either: {}", userId, e.getMessage());
            return false;
        }
    }
}
