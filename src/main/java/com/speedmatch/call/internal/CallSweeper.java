package com.speedmatch.call.internal;

import com.speedmatch.call.EndReason;
import com.speedmatch.runtime.Sweeps;
import java.time.Duration;
import lombok.RequiredArgsConstructor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Applies the call deadlines kept in columns. Safe on every instance at once and after a restart:
 * each candidate is locked and re-checked before it is ended, in a transaction of its own, so a
 * call that fails to end (a lock timeout, a broken row) never holds back the others.
 */
@Component
@RequiredArgsConstructor
class CallSweeper {

    private final CallDeadlines calls;
    private final LiveDate dates;

    /** Often enough that a call ends within a second of its {@code ends_at}, its spread offset included. */
    @Scheduled(fixedDelayString = "${video.sweep-interval:100ms}")
    void endCallsOnTime() {
        Sweeps.each("auto-end", calls::callsPastTheirEnd, calls::endIfPastItsEnd);
        Duration joinTimeout = calls.joinTimeout();
        Sweeps.each(
                "join timeout",
                () -> calls.callsWaitingLongerThan(joinTimeout),
                id -> calls.cancelIfStillWaiting(id, joinTimeout, EndReason.JOIN_TIMEOUT));
    }

    /** The live date's clock: silence pauses a call, a return resumes it, a long pause ends it. */
    @Scheduled(fixedDelayString = "${video.live-date-interval:1s}")
    void keepDatesLive() {
        Sweeps.each("presence", dates::callsWithPresenceChanged, dates::applyPresence);
        Sweeps.each("connection lost", dates::callsPausedTooLong, dates::endIfPausedTooLong);
    }

    @Scheduled(fixedDelayString = "${cleanup.interval}", initialDelayString = "${cleanup.interval}")
    void cancelAbandonedCalls() {
        Duration abandoned = calls.abandonedTimeout();
        Sweeps.each(
                "abandoned",
                () -> calls.callsWaitingLongerThan(abandoned),
                id -> calls.cancelIfStillWaiting(id, abandoned, EndReason.ABANDONED));
    }
}
