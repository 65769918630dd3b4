package com.speedmatch.call;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the call deadlines kept in columns. Safe on every instance at once and after a restart:
 * each candidate is locked and re-checked before it is ended, in a transaction of its own, so a
 * call that fails to end (a lock timeout, a broken row) never holds back the others.
 */
@Slf4j
@Component
@RequiredArgsConstructor
class CallSweeper {

    private final CallDeadlines calls;
    private final LiveDate dates;

    /** Often enough that a call ends within a second of its {@code ends_at}, its spread offset included. */
    @Scheduled(fixedDelayString = "${video.sweep-interval:100ms}")
    void endCallsOnTime() {
        sweep("auto-end", calls::callsPastTheirEnd, calls::endIfPastItsEnd);
        Duration joinTimeout = calls.joinTimeout();
        sweep(
                "join timeout",
                () -> calls.callsWaitingLongerThan(joinTimeout),
                id -> calls.cancelIfStillWaiting(id, joinTimeout, EndReason.JOIN_TIMEOUT));
    }

    /** The live date's clock: silence pauses a call, a return resumes it, a long pause ends it, prompts rotate. */
    @Scheduled(fixedDelayString = "${video.live-date-interval:1s}")
    void keepDatesLive() {
        sweep("presence", dates::callsWithPresenceChanged, dates::applyPresence);
        sweep("connection lost", dates::callsPausedTooLong, dates::endIfPausedTooLong);
        sweep("prompts", dates::callsDueAPrompt, dates::showScheduledPrompt);
    }

    @Scheduled(fixedDelayString = "${cleanup.interval}", initialDelayString = "${cleanup.interval}")
    void cancelAbandonedCalls() {
        Duration abandoned = calls.abandonedTimeout();
        sweep(
                "abandoned",
                () -> calls.callsWaitingLongerThan(abandoned),
                id -> calls.cancelIfStillWaiting(id, abandoned, EndReason.ABANDONED));
    }

    /** Ends each due call on its own; returns how many it ended. */
    int sweep(String what, Supplier<List<Long>> due, LongPredicate end) {
        List<Long> candidates;
        try {
            candidates = due.get();
        } catch (RuntimeException e) {
            // The next run retries; a failing sweep must not stop the scheduler.
            log.warn("Sweep {} could not list calls: {}", what, e.toString());
            return 0;
        }
        int ended = 0;
        for (long id : candidates) {
            try {
                if (end.test(id)) {
                    ended++;
                }
            } catch (RuntimeException e) {
                log.warn("Sweep {} could not end call {}: {}", what, id, e.toString());
            }
        }
        if (ended > 0) {
            log.debug("Sweep {}: {} calls", what, ended);
        }
        return ended;
    }
}
