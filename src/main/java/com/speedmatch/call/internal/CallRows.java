package com.speedmatch.call.internal;

import com.speedmatch.call.CallChanged;
import com.speedmatch.call.CallEnded;
import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallStatus;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.EndReason;
import com.speedmatch.call.VideoProperties;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.runtime.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The lock-first rule and the one way a call ends, shared by every writer of calls.
 *
 * <p>Every change to a call goes through {@link #lock}, which re-reads the row under
 * {@code FOR UPDATE} even when this transaction already holds an older copy of it. Without that,
 * Hibernate hands back the copy it read before the lock, and the "re-check under lock" would see
 * the state from before another transaction ended the call. Lock order everywhere: video session,
 * then pairing, then matching sessions by user id.
 */
@Slf4j
@Component
@RequiredArgsConstructor
public class CallRows {

    private final InstantCallRepository instantCalls;
    private final VideoSessionRepository videoSessions;
    private final VideoParticipantRepository participants;
    private final EntityManager entityManager;
    private final ApplicationEventPublisher events;
    private final MeterRegistry meters;
    private final VideoProperties properties;
    private final NewsBus news;

    /**
     * The call row, locked and as committed now (plus this transaction's own changes). Pending
     * changes are flushed first so that the refresh cannot drop them.
     */
    public Optional<VideoSession> lock(long videoSessionId) {
        return lock(VideoSession.class, videoSessionId);
    }

    public <T> Optional<T> lock(Class<T> type, long id) {
        T row = entityManager.find(type, id);
        if (row == null) {
            return Optional.empty();
        }
        entityManager.flush();
        entityManager.refresh(row, LockModeType.PESSIMISTIC_WRITE);
        if (type == VideoSession.class) {
            // Locked to change: once committed, every instance forgets the status polls it answered of it.
            AfterCommit.run(() -> news.publish(new News.Call(id)));
        }
        return Optional.of(row);
    }

    /** A participant's call, locked first: not found to anyone else, exactly like an unknown id. */
    public VideoSession lockParticipantsCall(long userId, UUID sessionId) {
        long id = videoSessions.idOfSession(sessionId).orElseThrow(() -> CallQueries.callNotFound(sessionId));
        if (!participants.existsById(new VideoParticipant.Key(id, userId))) {
            throw CallQueries.callNotFound(sessionId);
        }
        return lock(id).orElseThrow(() -> CallQueries.callNotFound(sessionId));
    }

    /** A participant ends a live call; one already past its end is recorded as having run out. */
    public void hangUp(VideoSession video, Instant now) {
        boolean ranOut =
                video.getStatus() == CallStatus.ACTIVE && !video.isPaused() && !now.isBefore(video.getEndsAt());
        finish(video, CallStatus.COMPLETED, ranOut ? EndReason.TIME_UP : EndReason.ENDED_BY_USER, now);
    }

    /**
     * The one way a call ends: statuses, participants, live-call rows, then {@link CallEnded},
     * published inside this transaction. The pool hears it at once (its users wait again, locked
     * after this row); the feed and the signaling relay hear it after commit.
     */
    public void finish(VideoSession video, CallStatus outcome, EndReason reason, Instant now) {
        boolean ran = video.getStatus() == CallStatus.ACTIVE;
        video.finish(outcome, reason, now);
        if (video.getCallSessionId() != null) {
            instantCalls
                    .findById(video.getCallSessionId())
                    .ifPresent(call -> call.finish(outcome, ran && outcome == CallStatus.COMPLETED));
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        people.forEach(p -> p.leave(now));
        videoSessions.deleteLiveCalls(video.getId());
        List<Long> userIds = people.stream().map(VideoParticipant::getUserId).toList();
        Counter.builder("speedmatch.calls.ended")
                .description("Video sessions by outcome and reason")
                .tag("outcome", outcome.name().toLowerCase())
                .tag("reason", reason.code())
                .register(meters)
                .increment();
        log.debug("Call {} {} ({})", video.getSessionId(), outcome, reason.code());
        events.publishEvent(new CallEnded(
                video.getSessionId(), video.getId(), userIds, outcome, reason, now, event(video, people, now)));
    }

    /** The call as its participants' feeds tell it. */
    public CallViews.CallEvent event(VideoSession video, List<VideoParticipant> people, Instant now) {
        return CallViews.CallEvent.of(video, people, now, properties.closingPhase());
    }

    /** Tells both participants that the call's timeline changed (an extension, a pause, a resume). */
    void changed(VideoSession video, List<VideoParticipant> people, Instant now) {
        events.publishEvent(new CallChanged(
                video.getSessionId(),
                people.stream().map(VideoParticipant::getUserId).toList(),
                event(video, people, now),
                now));
    }
}
