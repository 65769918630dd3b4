package com.speedmatch.matching;

import com.speedmatch.longpoll.UserNews;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Keeps the pool honest: stale sessions end, and users holding a long-poll count as present. */
@Slf4j
@Component
@RequiredArgsConstructor
class MatchingSweeper {

    private final MatchingSessionRepository sessions;
    private final UserNews news;
    private final MatchingProperties properties;
    private final Clock clock;

    /** Sessions unseen for {@code matching.stale-timeout} end (users in a call are seen by the call). */
    @Scheduled(fixedDelayString = "${cleanup.interval}", initialDelayString = "${cleanup.interval}")
    @Transactional
    public void endStaleSessions() {
        Instant now = clock.instant();
        int ended = sessions.endStale(now.minus(properties.staleTimeout()), now);
        if (ended > 0) {
            log.debug("Ended {} stale matching sessions", ended);
        }
    }

    /**
     * A parked next-match or feed request can outlast the active window; while it is parked the user
     * is plainly here, so it refreshes their heartbeat a few times per window.
     */
    @Scheduled(fixedDelayString = "${matching.parked-heartbeat:5s}")
    @Transactional
    public void keepParkedUsersPresent() {
        Set<Long> parked = news.parkedUsers(UserNews.Topic.MATCH, UserNews.Topic.EVENTS);
        if (!parked.isEmpty()) {
            Instant now = clock.instant();
            sessions.touchUnlocked(parked, now, now.minus(MatchingSession.HEARTBEAT_RESOLUTION));
        }
    }
}
