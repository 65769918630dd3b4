package com.speedmatch.call;

import com.speedmatch.call.CallViews.Call;
import com.speedmatch.call.CallViews.InstantCall;
import com.speedmatch.call.CallViews.Join;
import com.speedmatch.call.CallViews.Participant;
import com.speedmatch.call.internal.CallDeadlines;
import com.speedmatch.call.internal.CallRows;
import com.speedmatch.call.internal.CallSnapshots;
import com.speedmatch.call.internal.InstantCallRepository;
import com.speedmatch.call.internal.InstantCallSession;
import com.speedmatch.call.internal.VideoParticipant;
import com.speedmatch.call.internal.VideoParticipantRepository;
import com.speedmatch.call.internal.VideoSession;
import com.speedmatch.call.internal.VideoSessionRepository;
import com.speedmatch.shared.CallId;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Gone;
import com.speedmatch.shared.MatchId;
import com.speedmatch.shared.UserId;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The life of a video call once it exists: joined by both, ended by a participant, a decision, a
 * block or a closed account. The matchmaker's calls are written by {@link InstantCallWriter}, the
 * deadlines applied by {@link CallDeadlines}, the pool's exits by {@link PoolExit}; reads for other
 * features are {@link CallQueries}'. Every change here goes through {@link CallRows#lock} first.
 *
 * <p>What participants should notice is published as an event inside the transaction
 * ({@link CallStarted}, {@link CallEnded}, {@link MatchCalling}) and told
 * to them by the feed after commit, so this feature never calls the feed or the pool back. Reading
 * a call (the status poll) is no transaction at all: see {@link CallQueries#snapshot}.
 */
@Service
public class CallService {

    private final InstantCallRepository instantCalls;
    private final VideoSessionRepository videoSessions;
    private final VideoParticipantRepository participants;
    private final CallRows rows;
    private final CallQueries queries;
    private final TransactionTemplate transaction;
    private final UserService users;
    private final ApplicationEventPublisher events;
    private final VideoProperties properties;
    private final Clock clock;
    private final Timer setupTime;
    private final DatePrompts prompts;
    private final CallSnapshots snapshots;

    CallService(
            InstantCallRepository instantCalls,
            VideoSessionRepository videoSessions,
            VideoParticipantRepository participants,
            CallRows rows,
            CallQueries queries,
            PlatformTransactionManager transactions,
            UserService users,
            ApplicationEventPublisher events,
            VideoProperties properties,
            Clock clock,
            MeterRegistry meters,
            ObjectProvider<DatePrompts> prompts,
            CallSnapshots snapshots) {
        this.prompts = prompts.getIfAvailable(() -> DatePrompts.NONE);
        this.snapshots = snapshots;
        this.instantCalls = instantCalls;
        this.videoSessions = videoSessions;
        this.participants = participants;
        this.rows = rows;
        this.queries = queries;
        this.transaction = new TransactionTemplate(transactions);
        this.users = users;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.setupTime = Timer.builder("speedmatch.calls.setup")
                .description("From a call's creation until both participants joined")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** A new call between the two users of a mutual match; a conflict when either is in a live call. */
    @Transactional
    public UUID createMatchCall(MatchId match, UserId callerId, UserId partnerId) {
        long matchId = match.value();
        long caller = callerId.value();
        long partner = partnerId.value();
        if (videoSessions.liveCallOf(caller).isPresent()) {
            throw new Conflict("Already in a call", "End your current call first");
        }
        if (videoSessions.liveCallOf(partner).isPresent()) {
            throw new Conflict("Partner busy", "Your match is in another call right now; try again in a few minutes");
        }
        Instant now = clock.instant();
        VideoSession video = videoSessions.save(VideoSession.forMatch(matchId, properties.callDuration(), now));
        participants.save(new VideoParticipant(video.getId(), caller));
        participants.save(new VideoParticipant(video.getId(), partner));
        videoSessions.insertLiveCall(caller, video.getId());
        videoSessions.insertLiveCall(partner, video.getId());
        videoSessions.flush();
        events.publishEvent(new MatchCalling(
                caller, partner, new CallViews.MatchCallEvent(video.getSessionId(), matchId, caller), now));
        return video.getSessionId();
    }

    /**
     * The call as a participant sees it. Reading it is a heartbeat for both users; an instant call
     * whose other user stopped matching is cancelled and is gone from then on.
     */
    public Call view(long userId, UUID sessionId) {
        Instant now = clock.instant();
        CallSnapshots.Snapshot call = snapshots.snapshot(userId, sessionId, now, properties.livenessWindow());
        if (call.callSessionId() != null && call.status().isLive() && !call.bothPresent()) {
            // Rare: one of the two stopped matching long ago. Cancel under the lock, then read again.
            transaction.executeWithoutResult(status -> rows.lock(call.videoSessionId())
                    .filter(v -> v.getStatus().isLive()
                            && videoSessions.countPresent(
                                            List.of(call.userA(), call.userB()), now.minus(properties.livenessWindow()))
                                    < 2)
                    .ifPresent(v -> rows.finish(v, CallStatus.CANCELLED, EndReason.USER_LEFT, now)));
            return view(userId, sessionId);
        }
        if (call.callSessionId() != null
                && call.status() == CallStatus.CANCELLED
                && call.endReason() == EndReason.USER_LEFT) {
            throw new Gone("Call cancelled", "Call cancelled - other user is no longer actively matching");
        }
        return call.toView(userId, now, properties, prompts);
    }

    /** Records the join; the second join starts the timer. Joining twice is harmless. */
    @Transactional
    public Join join(long userId, UUID sessionId) {
        VideoSession video = rows.lockParticipantsCall(userId, sessionId);
        Instant now = clock.instant();
        if (video.isOver(now)) {
            throw new Conflict("Call is over", "This call has ended; return to the pool for the next one");
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        people.stream().filter(p -> p.getUserId() == userId).forEach(p -> p.join(now));
        if (video.getStatus() == CallStatus.WAITING && people.stream().allMatch(VideoParticipant::hasJoined)) {
            video.start(now);
            if (video.getCallSessionId() != null) {
                instantCalls.findById(video.getCallSessionId()).ifPresent(InstantCallSession::start);
            }
            setupTime.record(Duration.between(video.getCreatedAt(), now));
            // The date module shows the first icebreaker, in this transaction, on hearing it.
            events.publishEvent(new CallStarted(
                    video.getSessionId(),
                    video.getId(),
                    people.stream().map(VideoParticipant::getUserId).toList(),
                    rows.event(video, people, now),
                    now));
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
        VideoSession video = rows.lockParticipantsCall(userId, sessionId);
        Instant now = clock.instant();
        if (video.getStatus().isLive()) {
            rows.hangUp(video, now);
        }
        return toView(video, participants.findByVideoSessionIdOrderByUserId(video.getId()), userId, now);
    }

    /** Ends every live call between the two users (a block or a report). */
    @Transactional
    public void endCallsBetween(long userA, long userB, EndReason reason) {
        Instant now = clock.instant();
        for (long live : videoSessions.liveBetween(userA, userB)) {
            rows.lock(live)
                    .filter(v -> v.getStatus().isLive())
                    .ifPresent(video -> rows.finish(
                            video,
                            video.getStatus() == CallStatus.ACTIVE ? CallStatus.COMPLETED : CallStatus.CANCELLED,
                            reason,
                            now));
        }
    }

    /**
     * The pairing behind a decision, locked so that two decisions on it take turns. Lock order:
     * end the call first ({@link #endForDecision}), which locks the video session and then this row.
     */
    @Transactional
    public Optional<InstantCall> lockInstantCall(CallId callSessionId, UserId userId) {
        return rows.lock(InstantCallSession.class, callSessionId.value())
                .filter(call -> call.involves(userId.value()))
                .map(CallQueries::view);
    }

    /** A decision made while the call is still live ends it first: the "next" button. */
    @Transactional
    public void endForDecision(CallId callSessionId) {
        videoSessions
                .idOfInstantCall(callSessionId.value())
                .flatMap(rows::lock)
                .filter(video -> video.getStatus().isLive())
                .ifPresent(video -> rows.hangUp(video, clock.instant()));
    }

    /** A skip marks the pairing passed. */
    @Transactional
    public void passInstantCall(CallId callSessionId) {
        instantCalls.findById(callSessionId.value()).ifPresent(InstantCallSession::pass);
    }

    private Call toView(VideoSession video, List<VideoParticipant> people, long viewer, Instant now) {
        Map<Long, PublicProfile> profiles = users.publicProfiles(
                people.stream().map(VideoParticipant::getUserId).toList());
        long caller =
                people.stream().mapToLong(VideoParticipant::getUserId).min().orElse(viewer);
        List<Participant> views = people.stream()
                .map(p -> new Participant(
                        p.getUserId(),
                        Optional.ofNullable(profiles.get(p.getUserId()))
                                .map(PublicProfile::name)
                                .orElse(null),
                        p.hasJoined()))
                .toList();
        return new Call(
                video.getSessionId(),
                video.effectiveStatus(now),
                video.getDuration(),
                video.getStartedAt(),
                video.getEndsAt(),
                video.remainingSeconds(now),
                viewer == caller ? "caller" : "callee",
                video.getCallSessionId(),
                video.getMatchId(),
                views,
                video.getEndReason(),
                CallViews.Phase.of(
                        video.effectiveStatus(now),
                        video.getPausedSince(),
                        video.getEndsAt(),
                        now,
                        properties.closingPhase()),
                new CallViews.Extension(
                        List.copyOf(video.getExtendRequestedBy()),
                        video.getExtensions(),
                        Math.max(0, properties.maxExtensions() - video.getExtensions()),
                        properties.extension().toSeconds()),
                prompts.current(video.getId()).orElse(null),
                people.stream()
                        .map(p -> CallViews.Connection.of(p.getUserId(), p.getConnectionLostAt()))
                        .toList());
    }

    /**
     * A participant's running date, locked in the caller's transaction (the lock the deadline sweep
     * takes, so nothing is added to a call that is ending): empty when the date is not running. Not
     * a participant, or no such call: 404.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<CallViews.Member> lockRunning(long userId, UUID sessionId) {
        CallViews.Member member = queries.member(userId, sessionId);
        VideoSession video = rows.lock(member.videoSessionId()).orElseThrow(() -> CallQueries.callNotFound(sessionId));
        return video.getStatus() == CallStatus.ACTIVE && !video.isOver(clock.instant())
                ? Optional.of(member)
                : Optional.empty();
    }
}
