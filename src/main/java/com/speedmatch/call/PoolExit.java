package com.speedmatch.call;

import com.speedmatch.call.internal.CallRows;
import com.speedmatch.call.internal.VideoSessionRepository;
import java.time.Clock;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A user leaving the pool takes their matchmaker call (not a match call) with them. */
@Service
@RequiredArgsConstructor
public class PoolExit {

    private final VideoSessionRepository videoSessions;
    private final CallRows rows;
    private final Clock clock;

    /** Ends the user's live matchmaker call because they left the pool, in the caller's transaction. */
    @Transactional
    public void leavePool(long userId, boolean includingActiveCall) {
        leave(userId, includingActiveCall, null);
    }

    /** Ends the user's live call of any kind: the account was closed, suspended or banned. */
    @Transactional
    public void hangUpLiveCallOf(long userId) {
        Instant now = clock.instant();
        videoSessions
                .liveCallOf(userId)
                .flatMap(rows::lock)
                .filter(video -> video.getStatus().isLive())
                .ifPresent(video -> rows.finish(
                        video,
                        video.getStatus() == CallStatus.ACTIVE ? CallStatus.COMPLETED : CallStatus.CANCELLED,
                        EndReason.USER_LEFT,
                        now));
    }

    /**
     * Once the pool's transaction has committed, ends the user's matchmaker call if it was made at
     * or before {@code madeBy}: a call the matchmaker made between the user's first
     * {@link #leavePool} and their lock on the matching session. It runs in a transaction of its
     * own, after that lock is gone, so the lock order (video session, then matching sessions) holds:
     * done inside, it locked the call while holding the session, and deadlocked against a hang-up
     * of the same call. It runs on the event executor, never on the committing thread, which still
     * holds its connection: a burst of users leaving at once would otherwise starve the pool. A call
     * made after {@code madeBy} (the user is back in the pool) is left alone. The publication
     * registry keeps the event until this has run, across a crash too.
     */
    @ApplicationModuleListener
    void on(LeftPool left) {
        leave(left.userId(), left.includingActiveCall(), left.madeBy());
    }

    private void leave(long userId, boolean includingActiveCall, Instant madeBy) {
        Instant now = clock.instant();
        videoSessions
                .liveCallOf(userId)
                .flatMap(rows::lock)
                .filter(video ->
                        video.getCallSessionId() != null && video.getStatus().isLive())
                .filter(video -> includingActiveCall || video.getStatus() == CallStatus.WAITING)
                .filter(video -> madeBy == null || !video.getCreatedAt().isAfter(madeBy))
                .ifPresent(video -> rows.finish(video, CallStatus.CANCELLED, EndReason.USER_LEFT, now));
    }
}
