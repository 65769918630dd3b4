package com.speedmatch.call.internal;

import com.speedmatch.call.CallStatus;
import com.speedmatch.call.EndReason;
import com.speedmatch.call.VideoProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deadlines of calls, applied by {@link CallSweeper}. A sweep picks candidates, then ends each in
 * a transaction of its own (so one failure costs one call, not the whole sweep), locking and
 * re-checking it first: several instances, or a restarted one, may sweep at once without ending a
 * call twice.
 */
@Service
@RequiredArgsConstructor
public class CallDeadlines {

    private final VideoSessionRepository videoSessions;
    private final CallRows rows;
    private final VideoProperties properties;
    private final Clock clock;

    /**
     * Active calls whose {@code ends_at} has passed by their own offset within {@code video.end-spread}:
     * a wave of calls started together ends spread over a second, not in one sweep.
     */
    @Transactional(readOnly = true)
    public List<Long> callsPastTheirEnd() {
        Instant now = clock.instant();
        return videoSessions.activeEndedBy(now).stream()
                .filter(due -> !now.isBefore(due.endsAt().plus(endOffset(due.id(), properties.endSpread()))))
                .map(VideoSessionRepository.Due::id)
                .toList();
    }

    /** The call's place in its second: a fixed, evenly spread offset below {@code spread}. */
    public static Duration endOffset(long videoSessionId, Duration spread) {
        long spreadMillis = spread.toMillis();
        return spreadMillis <= 0
                ? Duration.ZERO
                : Duration.ofMillis(Math.floorMod(videoSessionId * 0x9E3779B97F4A7C15L, spreadMillis));
    }

    /** Waiting calls created before {@code after} ago: the join timeout and the abandoned rule. */
    @Transactional(readOnly = true)
    public List<Long> callsWaitingLongerThan(Duration after) {
        return videoSessions.waitingCreatedBefore(clock.instant().minus(after));
    }

    /** Ends the call if it is active and past its end; false when it no longer is. */
    @Transactional
    public boolean endIfPastItsEnd(long videoSessionId) {
        Instant now = clock.instant();
        Optional<VideoSession> video = rows.lock(videoSessionId)
                .filter(v -> v.getStatus() == CallStatus.ACTIVE && !v.isPaused() && !now.isBefore(v.getEndsAt()));
        video.ifPresent(v -> rows.finish(v, CallStatus.COMPLETED, EndReason.TIME_UP, now));
        return video.isPresent();
    }

    /** Cancels the call if nobody started it within {@code after}; false when it no longer waits. */
    @Transactional
    public boolean cancelIfStillWaiting(long videoSessionId, Duration after, EndReason reason) {
        Instant now = clock.instant();
        Instant createdBefore = now.minus(after);
        Optional<VideoSession> video = rows.lock(videoSessionId)
                .filter(v ->
                        v.getStatus() == CallStatus.WAITING && !v.getCreatedAt().isAfter(createdBefore));
        video.ifPresent(v -> rows.finish(v, CallStatus.CANCELLED, reason, now));
        return video.isPresent();
    }

    Duration joinTimeout() {
        return properties.joinTimeout();
    }

    Duration abandonedTimeout() {
        return properties.abandonedTimeout();
    }
}
