package com.speedmatch.call;

import com.speedmatch.platform.AfterCommit;
import com.speedmatch.platform.ApiException;
import com.speedmatch.platform.UserEvents;
import com.speedmatch.platform.UserNews;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import com.speedmatch.call.CallViews.Call;
import com.speedmatch.call.CallViews.Ended;
import com.speedmatch.call.CallViews.InstantCall;
import com.speedmatch.call.CallViews.Join;
import com.speedmatch.call.CallViews.LiveInstantCall;
import com.speedmatch.call.CallViews.Participant;
import lombok.extern.slf4j.Slf4j;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of video calls: created by the matchmaker (or for a mutual match), joined by both,
 * ended by a participant, by the clock or by a sweep. Reads for other features are
 * {@link CallQueries}'; every method here changes a call, and does it behind {@link #lock}. Every change that a participant should notice is
 * announced to both through {@link UserEvents} once committed.
 *
 * <p>A user is in at most one live call: the {@code live_calls} primary key refuses a second one,
 * whatever the code above it believes.
 *
 * <p>The lock-first rule: every change to a call goes through {@link #lock}, which re-reads the row
 * under {@code FOR UPDATE} even when this transaction already holds an older copy of it. Without
 * that, Hibernate hands back the copy it read before the lock, and the "re-check under lock" would
 * see the state from before another transaction ended the call.
 *
 * <p>Lock order everywhere: video session, then pairing, then matching sessions by user id. The pool
 * hears of a call's end through {@link CallViews.Ended}, published inside the transaction, so this
 * feature never calls the matching feature back. Reading a call (the status poll) is no
 * transaction at all: see {@link CallQueries#snapshot}.
 */
@Slf4j
@Service
public class CallService implements org.springframework.beans.factory.DisposableBean {

    private final InstantCallRepository instantCalls;
    private final VideoSessionRepository videoSessions;
    private final VideoParticipantRepository participants;
    private final EntityManager entityManager;
    private final CallQueries queries;
    private final TransactionTemplate transaction;
    private final TransactionTemplate separateTransaction;
    /** Work that follows a commit and needs a connection of its own: two at a time at most. */
    private final java.util.concurrent.ExecutorService afterCommitWork = java.util.concurrent.Executors.newFixedThreadPool(2,
            new org.springframework.scheduling.concurrent.CustomizableThreadFactory("after-commit-"));
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;
    private final UserService users;
    private final UserNews news;
    private final UserEvents feeds;
    private final ApplicationEventPublisher events;
    private final VideoProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer setupTime;

    CallService(InstantCallRepository instantCalls, VideoSessionRepository videoSessions,
            VideoParticipantRepository participants, EntityManager entityManager, CallQueries queries,
            PlatformTransactionManager transactions, UserService users, UserNews news, UserEvents feeds,
            ApplicationEventPublisher events, VideoProperties properties, Clock clock, MeterRegistry meters,
            org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.instantCalls = instantCalls;
        this.videoSessions = videoSessions;
        this.participants = participants;
        this.entityManager = entityManager;
        this.queries = queries;
        this.transaction = new TransactionTemplate(transactions);
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.users = users;
        this.news = news;
        this.feeds = feeds;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.setupTime = Timer.builder("speedmatch.calls.setup")
                .description("From a call's creation until both participants joined")
                .publishPercentileHistogram().register(meters);
    }

    /**
     * One pairing, written as {@link #createInstantCalls} writes a pass's: the matchmaker's fallback
     * when a batch is refused. A participant already in a live call makes the statement fail on
     * the live-call key, which the caller treats as "skip this pair".
     */
    @Transactional
    public LiveInstantCall createInstantCall(long userA, long userB, double score, Instant waitingSinceA,
            Instant waitingSinceB) {
        return createInstantCalls(List.of(new CallViews.NewInstantCall(userA, userB, score, waitingSinceA, waitingSinceB)))
                .get(0);
    }

    /**
     * Creates many pairings at once, in the caller's transaction and in one statement: the instant
     * calls, their video sessions, both participants of each and their live-call rows. The caller
     * has locked every session and checked that nobody is in a live call; a user who got a call
     * another way meanwhile (a match calling) makes the statement fail on the live-call key and the
     * whole batch roll back, never half of it. Returns, per pairing in order, what next-match tells
     * {@code userA} (the partner is {@code userB}).
     */
    @Transactional
    public List<LiveInstantCall> createInstantCalls(List<CallViews.NewInstantCall> pairings) {
        if (pairings.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        int n = pairings.size();
        Long[] user1 = new Long[n];
        Long[] user2 = new Long[n];
        Double[] score = new Double[n];
        Long[] waited1 = new Long[n];
        Long[] waited2 = new Long[n];
        UUID[] sessionIds = new UUID[n];
        for (int i = 0; i < n; i++) {
            CallViews.NewInstantCall p = pairings.get(i);
            boolean aFirst = p.userA() < p.userB();
            user1[i] = Math.min(p.userA(), p.userB());
            user2[i] = Math.max(p.userA(), p.userB());
            score[i] = p.score();
            long waitedA = Math.max(0, Duration.between(p.waitingSinceA(), now).toMillis());
            long waitedB = Math.max(0, Duration.between(p.waitingSinceB(), now).toMillis());
            waited1[i] = aFirst ? waitedA : waitedB;
            waited2[i] = aFirst ? waitedB : waitedA;
            sessionIds[i] = UUID.randomUUID();
        }
        java.sql.Timestamp at = java.sql.Timestamp.from(now);
        Map<UUID, Long> callIds = new java.util.HashMap<>();
        jdbc.query("""
                with input as (
                  select * from unnest(?::bigint[], ?::bigint[], ?::float8[], ?::bigint[], ?::bigint[], ?::uuid[])
                    as t(user1_id, user2_id, score, user1_waited_ms, user2_waited_ms, session_id)
                ), calls as (
                  insert into instant_call_sessions (session_id, user1_id, user2_id, status, call_completed,
                      compatibility_score, created_at, user1_waited_ms, user2_waited_ms)
                  select session_id, user1_id, user2_id, 'waiting', false, score, ?, user1_waited_ms, user2_waited_ms
                  from input
                  returning id, session_id, user1_id, user2_id
                ), videos as (
                  insert into video_sessions (session_id, call_session_id, status, duration, created_at)
                  select session_id, id, 'waiting', ?, ? from calls
                  returning id, call_session_id
                ), people as (
                  select v.id as video_session_id, u.user_id
                  from videos v join calls c on c.id = v.call_session_id
                  cross join lateral (values (c.user1_id), (c.user2_id)) as u (user_id)
                ), participants as (
                  insert into video_participants (video_session_id, user_id) select video_session_id, user_id from people
                ), live as (
                  insert into live_calls (user_id, video_session_id) select user_id, video_session_id from people
                )
                select session_id, id from calls
                """, rs -> {
                    callIds.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }, user1, user2, score, waited1, waited2, sessionIds, at,
                Math.toIntExact(properties.callDuration().toSeconds()), at);
        List<Long> everyone = pairings.stream().flatMap(p -> java.util.stream.Stream.of(p.userA(), p.userB())).toList();
        // Announced in the feeds as match_found, by the matchmaker; parked polls wake now.
        AfterCommit.run(() -> everyone.forEach(news::publish));
        List<LiveInstantCall> created = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CallViews.NewInstantCall p = pairings.get(i);
            created.add(new LiveInstantCall(callIds.get(sessionIds[i]), sessionIds[i], p.userB(), p.score(),
                    CallStatus.WAITING));
        }
        return created;
    }

    /** Which of these users are in a live call now. */
    @Transactional(readOnly = true)
    public java.util.Set<Long> inLiveCalls(java.util.Collection<Long> userIds) {
        return new java.util.HashSet<>(jdbc.queryForList("select user_id from live_calls where user_id = any(?)",
                Long.class, (Object) userIds.toArray(Long[]::new)));
    }

    /** A new call between the two users of a mutual match; 409 when either is in a live call. */
    @Transactional
    public UUID createMatchCall(long matchId, long caller, long partner) {
        if (videoSessions.liveCallOf(caller).isPresent()) {
            throw ApiException.conflict("Already in a call", "End your current call first");
        }
        if (videoSessions.liveCallOf(partner).isPresent()) {
            throw ApiException.conflict("Partner busy", "Your match is in another call right now; try again in a few minutes");
        }
        VideoSession video = videoSessions.save(VideoSession.forMatch(matchId, properties.callDuration(), clock.instant()));
        addParticipants(video, caller, partner);
        CallViews.MatchCallEvent calling = new CallViews.MatchCallEvent(video.getSessionId(), matchId, caller);
        AfterCommit.run(() -> {
            news.publish(caller);
            feeds.post(partner, "match_call", calling);
        });
        return video.getSessionId();
    }

    private void addParticipants(VideoSession video, long userA, long userB) {
        participants.save(new VideoParticipant(video.getId(), userA));
        participants.save(new VideoParticipant(video.getId(), userB));
        videoSessions.insertLiveCall(userA, video.getId());
        videoSessions.insertLiveCall(userB, video.getId());
        videoSessions.flush();
    }

    /**
     * The call as a participant sees it. Reading it is a heartbeat for both users; an instant call
     * whose other user stopped matching is cancelled and answers 410 from then on.
     */
    public Call view(long userId, UUID sessionId) {
        Instant now = clock.instant();
        CallQueries.Snapshot call = queries.snapshot(userId, sessionId, now, properties.livenessWindow(), PRESENCE_RESOLUTION);
        if (call.callSessionId() != null && call.status().isLive() && !call.bothPresent()) {
            // Rare: one of the two stopped matching long ago. Cancel under the lock, then read again.
            transaction.executeWithoutResult(status -> lock(call.videoSessionId())
                    .filter(v -> v.getStatus().isLive() && videoSessions.countPresent(List.of(call.userA(), call.userB()), now.minus(properties.livenessWindow())) < 2)
                    .ifPresent(v -> finish(v, CallStatus.CANCELLED, EndReason.USER_LEFT, now)));
            return view(userId, sessionId);
        }
        if (call.callSessionId() != null && call.status() == CallStatus.CANCELLED && call.endReason() == EndReason.USER_LEFT) {
            throw ApiException.gone("Call cancelled", "Call cancelled - other user is no longer actively matching");
        }
        return call.toView(userId, now);
    }

    /** How stale a participant's presence may get before reading the call writes it again. */
    private static final Duration PRESENCE_RESOLUTION = Duration.ofSeconds(2);

    /** Records the join; the second join starts the timer. Joining twice is harmless. */
    @Transactional
    public Join join(long userId, UUID sessionId) {
        VideoSession video = lockParticipantsCall(userId, sessionId);
        Instant now = clock.instant();
        if (video.isOver(now)) {
            throw ApiException.conflict("Call is over", "This call has ended; return to the pool for the next one");
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        people.stream().filter(p -> p.getUserId() == userId).forEach(p -> p.join(now));
        if (video.getStatus() == CallStatus.WAITING && people.stream().allMatch(VideoParticipant::hasJoined)) {
            video.start(now);
            if (video.getCallSessionId() != null) {
                instantCalls.findById(video.getCallSessionId()).ifPresent(InstantCallSession::start);
            }
            setupTime.record(Duration.between(video.getCreatedAt(), now));
            announce(video, people.stream().map(VideoParticipant::getUserId).toList());
            return new Join(true, "Both users joined - timer started", video.getStartedAt(), video.getEndsAt());
        }
        if (video.getStatus() == CallStatus.ACTIVE) {
            return new Join(false, "Call in progress", video.getStartedAt(), video.getEndsAt());
        }
        return new Join(false, "Waiting for other user", null, null);
    }

    /** Either participant ends the call; the other sees {@code completed}. */
    @Transactional
    public Call end(long userId, UUID sessionId) {
        VideoSession video = lockParticipantsCall(userId, sessionId);
        Instant now = clock.instant();
        if (video.getStatus().isLive()) {
            hangUp(video, now);
        }
        return toView(video, participants.findByVideoSessionIdOrderByUserId(video.getId()), userId, now);
    }

    /** Ends the user's live matchmaker call (not a match call) because they left the pool. */
    @Transactional
    public void leavePool(long userId, boolean includingActiveCall) {
        leave(userId, includingActiveCall, null);
    }

    /**
     * Once the caller's transaction has committed, ends the user's matchmaker call if it was made at
     * or before {@code madeBy}: a call the matchmaker made between the caller's first
     * {@link #leavePool} and its lock on the matching session. It runs in a transaction of its own
     * after that lock is gone, so the lock order (video session, then matching sessions) holds: done
     * inside, it locked the call while holding the session, and deadlocked against a hang-up of the
     * same call. A call made after {@code madeBy} (the user is back in the pool) is left alone.
     */
    public void leavePoolOnceCommitted(long userId, boolean includingActiveCall, Instant madeBy) {
        // On a thread of its own: run in the committing thread, it would take a second connection
        // while that thread still holds its first (Spring releases it after the commit callbacks),
        // and a burst of users leaving at once would starve the pool, every request waiting for a
        // second connection that nobody frees.
        AfterCommit.run(() -> afterCommitWork.execute(() -> {
            try {
                separateTransaction.executeWithoutResult(status -> leave(userId, includingActiveCall, madeBy));
            } catch (RuntimeException e) {
                // The join timeout (or the call's end) still ends it; nothing here is worth failing a request.
                log.warn("A call of user {} made while they left the pool was not cancelled: {}", userId, e.getMessage());
            }
        }));
    }

    @Override
    public void destroy() {
        afterCommitWork.shutdown();
    }

    private void leave(long userId, boolean includingActiveCall, Instant madeBy) {
        Instant now = clock.instant();
        videoSessions.liveCallOf(userId).flatMap(this::lock)
                .filter(video -> video.getCallSessionId() != null && video.getStatus().isLive())
                .filter(video -> includingActiveCall || video.getStatus() == CallStatus.WAITING)
                .filter(video -> madeBy == null || !video.getCreatedAt().isAfter(madeBy))
                .ifPresent(video -> finish(video, CallStatus.CANCELLED, EndReason.USER_LEFT, now));
    }

    /** Ends the user's live call of any kind: the account was closed, suspended or banned. */
    @Transactional
    public void hangUpLiveCallOf(long userId) {
        Instant now = clock.instant();
        videoSessions.liveCallOf(userId).flatMap(this::lock).filter(video -> video.getStatus().isLive())
                .ifPresent(video -> finish(video, video.getStatus() == CallStatus.ACTIVE ? CallStatus.COMPLETED
                        : CallStatus.CANCELLED, EndReason.USER_LEFT, now));
    }

    /** Ends every live call between the two users (a block or a report). */
    @Transactional
    public void endCallsBetween(long userA, long userB, EndReason reason) {
        Instant now = clock.instant();
        for (long live : videoSessions.liveBetween(userA, userB)) {
            lock(live).filter(v -> v.getStatus().isLive())
                    .ifPresent(video -> finish(video, video.getStatus() == CallStatus.ACTIVE
                            ? CallStatus.COMPLETED : CallStatus.CANCELLED, reason, now));
        }
    }

    /**
     * The pairing behind a decision, locked so that two decisions on it take turns. Lock order:
     * end the call first ({@link #endForDecision}), which locks the video session and then this row.
     */
    @Transactional
    public Optional<InstantCall> lockInstantCall(long callSessionId, long userId) {
        return lock(InstantCallSession.class, callSessionId).filter(call -> call.involves(userId)).map(CallQueries::view);
    }

    /** A decision made while the call is still live ends it first: the "next" button. */
    @Transactional
    public void endForDecision(long callSessionId) {
        videoSessions.idOfInstantCall(callSessionId)
                .flatMap(this::lock)
                .filter(video -> video.getStatus().isLive())
                .ifPresent(video -> hangUp(video, clock.instant()));
    }

    /** A skip marks the pairing passed. */
    @Transactional
    public void passInstantCall(long callSessionId) {
        instantCalls.findById(callSessionId).ifPresent(InstantCallSession::pass);
    }

    // The deadlines. A sweep picks candidates, then ends each in a transaction of its own (so one
    // failure costs one call, not the whole sweep), locking and re-checking it first: several
    // instances, or a restarted one, may sweep at once without ending a call twice.

    /** Active calls whose {@code ends_at} has passed. */
    @Transactional(readOnly = true)
    public List<Long> callsPastTheirEnd() {
        return videoSessions.activeEndedBy(clock.instant());
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
        Optional<VideoSession> video = lock(videoSessionId)
                .filter(v -> v.getStatus() == CallStatus.ACTIVE && !now.isBefore(v.getEndsAt()));
        video.ifPresent(v -> finish(v, CallStatus.COMPLETED, EndReason.TIME_UP, now));
        return video.isPresent();
    }

    /** Cancels the call if nobody started it within {@code after}; false when it no longer waits. */
    @Transactional
    public boolean cancelIfStillWaiting(long videoSessionId, Duration after, EndReason reason) {
        Instant now = clock.instant();
        Instant createdBefore = now.minus(after);
        Optional<VideoSession> video = lock(videoSessionId)
                .filter(v -> v.getStatus() == CallStatus.WAITING && !v.getCreatedAt().isAfter(createdBefore));
        video.ifPresent(v -> finish(v, CallStatus.CANCELLED, reason, now));
        return video.isPresent();
    }

    Duration joinTimeout() {
        return properties.joinTimeout();
    }

    Duration abandonedTimeout() {
        return properties.abandonedTimeout();
    }

    /**
     * The call row, locked and as committed now (plus this transaction's own changes). Pending
     * changes are flushed first so that the refresh cannot drop them.
     */
    private Optional<VideoSession> lock(long videoSessionId) {
        return lock(VideoSession.class, videoSessionId);
    }

    private <T> Optional<T> lock(Class<T> type, long id) {
        T row = entityManager.find(type, id);
        if (row == null) {
            return Optional.empty();
        }
        entityManager.flush();
        entityManager.refresh(row, LockModeType.PESSIMISTIC_WRITE);
        return Optional.of(row);
    }

    /** A participant's call, locked first: 404 to anyone else, exactly like an unknown id. */
    private VideoSession lockParticipantsCall(long userId, UUID sessionId) {
        long id = videoSessions.idOfSession(sessionId).orElseThrow(() -> CallQueries.callNotFound(sessionId));
        if (!participants.existsById(new VideoParticipant.Key(id, userId))) {
            throw CallQueries.callNotFound(sessionId);
        }
        return lock(id).orElseThrow(() -> CallQueries.callNotFound(sessionId));
    }

    /** A participant ends a live call; one already past its end is recorded as having run out. */
    private void hangUp(VideoSession video, Instant now) {
        boolean ranOut = video.getStatus() == CallStatus.ACTIVE && !now.isBefore(video.getEndsAt());
        finish(video, CallStatus.COMPLETED, ranOut ? EndReason.TIME_UP : EndReason.ENDED_BY_USER, now);
    }

    /** The one way a call ends: statuses, participants, live-call rows, the pool, the news. */
    private void finish(VideoSession video, CallStatus outcome, EndReason reason, Instant now) {
        boolean ran = video.getStatus() == CallStatus.ACTIVE;
        video.finish(outcome, reason, now);
        if (video.getCallSessionId() != null) {
            instantCalls.findById(video.getCallSessionId()).ifPresent(call -> {
                call.finish(outcome, ran && outcome == CallStatus.COMPLETED);
            });
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        people.forEach(p -> p.leave(now));
        videoSessions.deleteLiveCalls(video.getId());
        List<Long> userIds = people.stream().map(VideoParticipant::getUserId).toList();
        Counter.builder("speedmatch.calls.ended").description("Video sessions by outcome and reason")
                .tag("outcome", outcome.name().toLowerCase()).tag("reason", reason.code())
                .register(meters).increment();
        log.debug("Call {} {} ({})", video.getSessionId(), outcome, reason.code());
        // Heard synchronously by the pool (the users wait again from now, locked after this row),
        // and after commit by the signaling relay.
        events.publishEvent(new Ended(video.getSessionId(), video.getId(), userIds, outcome, reason, now));
        announce(video, userIds);
    }

    private Call toView(VideoSession video, List<VideoParticipant> people, long viewer, Instant now) {
        Map<Long, PublicProfile> profiles = users.publicProfiles(people.stream().map(VideoParticipant::getUserId).toList());
        long caller = people.stream().mapToLong(VideoParticipant::getUserId).min().orElse(viewer);
        List<Participant> views = people.stream().map(p -> new Participant(p.getUserId(),
                Optional.ofNullable(profiles.get(p.getUserId())).map(PublicProfile::name).orElse(null), p.hasJoined()))
                .toList();
        return new Call(video.getSessionId(), video.effectiveStatus(now), video.getDuration(), video.getStartedAt(),
                video.getEndsAt(), video.remainingSeconds(now), viewer == caller ? "caller" : "callee",
                video.getCallSessionId(), video.getMatchId(), views, video.getEndReason());
    }

    /**
     * A status change (started, ended), told to both participants' feeds (and their parked polls) once
     * committed. A new call is told as match_found or match_call.
     */
    private void announce(VideoSession video, List<Long> userIds) {
        CallViews.CallEvent event = CallViews.CallEvent.of(video);
        AfterCommit.run(() -> userIds.forEach(userId -> feeds.post(userId, "call", event)));
    }

}
