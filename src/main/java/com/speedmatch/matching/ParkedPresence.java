package com.speedmatch.matching;

import com.speedmatch.longpoll.UserNews;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A user holding a parked long-poll on this instance is here, though their request writes presence
 * only when it starts and when it is answered (up to 25 s apart): every few seconds their sessions
 * are marked seen, in one statement for all of them. Without it a date whose participant follows
 * the feed with long waits would pause as if that participant had gone silent ({@code LiveDate}).
 */
@Slf4j
@Component
@RequiredArgsConstructor
class ParkedPresence {

    private final UserNews news;
    private final PollRepository polls;
    private final Clock clock;

    @Scheduled(fixedDelayString = "${matching.parked-presence-interval:5s}")
    void markParkedUsersSeen() {
        Set<Long> parked = news.parkedUsers(UserNews.Topic.values());
        if (parked.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        try {
            polls.beatUsers(parked, now, now.minus(MatchingSession.HEARTBEAT_RESOLUTION));
        } catch (RuntimeException e) {
            log.warn("Presence of {} parked users not written; the next run tries again: {}", parked.size(), e.toString());
        }
    }
}
