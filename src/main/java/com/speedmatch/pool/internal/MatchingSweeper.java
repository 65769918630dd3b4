package com.speedmatch.pool.internal;

import com.speedmatch.matchmaker.MatchingProperties;
import java.time.Clock;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Keeps the pool honest: stale sessions end. Presence is the presence module's. */
@Slf4j
@Component
@RequiredArgsConstructor
class MatchingSweeper {

    private final MatchingSessionRepository sessions;
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
}
