package com.speedmatch.call.internal;

import com.speedmatch.call.CallChanged;
import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallStatus;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.EndReason;
import com.speedmatch.call.VideoProperties;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.ReadModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The three minutes themselves (docs/spec.md "The live date"): extending together, and a date that
 * pauses while a connection is down and heals when it comes back (the icebreakers are the date
 * module's). Every
 * change locks the call first ({@link CallRows#lock}), the lock the deadline sweep takes too, so an
 * extension and the end of the call never both happen; both participants hear every change at
 * once through the feed ({@link CallChanged}).
 */
@Service
@ReadModel(
        reads = "presence",
        why =
                "A participant unseen for the reconnect grace pauses the call: their pool presence, for every live call at once")
public class LiveDate {

    private final CallRows rows;
    private final VideoParticipantRepository participants;
    private final CallQueries queries;
    private final VideoProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Counter extensionsAsked;
    private final Counter extensionsGranted;
    private final Counter pauses;
    private final Timer pauseLength;

    LiveDate(
            CallRows rows,
            VideoParticipantRepository participants,
            CallQueries queries,
            VideoProperties properties,
            JdbcTemplate jdbc,
            Clock clock,
            MeterRegistry meters) {
        this.rows = rows;
        this.participants = participants;
        this.queries = queries;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
        this.extensionsAsked = Counter.builder("speedmatch.dates.extensions")
                .tag("result", "asked")
                .description("Extensions of a date, asked and granted")
                .register(meters);
        this.extensionsGranted = Counter.builder("speedmatch.dates.extensions")
                .tag("result", "granted")
                .description("Extensions of a date, asked and granted")
                .register(meters);
        this.pauses = Counter.builder("speedmatch.dates.pauses")
                .description("Dates paused by a lost connection")
                .register(meters);
        this.pauseLength = Timer.builder("speedmatch.dates.pause.length")
                .description("How long a paused date stood still")
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * The caller wants more time. When both have asked, {@code ends_at} moves by
     * {@code video.extension} for both, in this transaction; at most {@code video.max-extensions}.
     */
    @Transactional
    public CallViews.ExtendAnswer extend(long userId, UUID sessionId) {
        VideoSession video = rows.lockParticipantsCall(userId, sessionId);
        Instant now = clock.instant();
        if (video.getStatus() != CallStatus.ACTIVE || video.isOver(now)) {
            throw new Conflict("Date not running", "Only a running date can be extended");
        }
        if (video.isPaused()) {
            throw new Conflict("Date paused", "The date is paused while a connection comes back; ask again then");
        }
        if (video.getExtensions() >= properties.maxExtensions()) {
            throw new Conflict("No more time", "This date had all the extensions it can have");
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        boolean asked = !video.getExtendRequestedBy().contains(userId);
        boolean granted = video.requestExtension(
                userId, people.stream().map(VideoParticipant::getUserId).toList(), properties.extension());
        if (asked) {
            extensionsAsked.increment();
            rows.changed(video, people, now);
        }
        if (granted) {
            extensionsGranted.increment();
        }
        return new CallViews.ExtendAnswer(List.copyOf(video.getExtendRequestedBy()), granted, video.getEndsAt());
    }

    /**
     * A participant's media connection dropped ({@code lost}) or came back. While anyone's is down
     * the timer stands still; when all are back it runs again, the pause added to {@code ends_at}.
     */
    @Transactional
    public void connection(long userId, UUID sessionId, boolean lost) {
        VideoSession video = rows.lockParticipantsCall(userId, sessionId);
        Instant now = clock.instant();
        if (video.isOver(now)) {
            throw new Conflict("Date over", "This date has ended");
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        VideoParticipant me =
                people.stream().filter(p -> p.getUserId() == userId).findFirst().orElseThrow();
        boolean changed = lost ? me.loseConnection(now, false) : me.restoreConnection();
        if (changed | settle(video, people, now)) {
            rows.changed(video, people, now);
        }
    }

    /** Pauses or resumes the timer to match the participants' connections; true when it did. */
    private boolean settle(VideoSession video, List<VideoParticipant> people, Instant now) {
        if (people.stream().anyMatch(p -> !p.isConnected())) {
            boolean paused = video.pause(now);
            if (paused) {
                pauses.increment();
            }
            return paused;
        }
        Instant since = video.getPausedSince();
        boolean resumed = video.resume(now);
        if (resumed) {
            pauseLength.record(Duration.between(since, now));
        }
        return resumed;
    }

    // --- the sweeps (CallSweeper), each call in a transaction of its own ---

    /**
     * Running matchmaker calls with a participant unseen for the reconnect grace while the partner
     * is here, or back after one.
     */
    @Transactional(readOnly = true)
    public List<Long> callsWithPresenceChanged() {
        Timestamp seenSince = Timestamp.from(clock.instant().minus(properties.reconnectGrace()));
        return jdbc.queryForList("""
                select distinct p.video_session_id from video_participants p
                join video_sessions v on v.id = p.video_session_id
                where v.status = 'active' and v.call_session_id is not null
                  and ((p.connection_lost_at is null
                        and not exists (select 1 from presence m where m.user_id = p.user_id and m.last_seen >= ?)
                        and exists (select 1 from video_participants q join presence m on m.user_id = q.user_id
                                    where q.video_session_id = p.video_session_id and q.user_id <> p.user_id
                                      and m.last_seen >= ?))
                    or (p.connection_lost_silent and exists (
                          select 1 from presence m where m.user_id = p.user_id and m.last_seen >= ?)))
                """, Long.class, seenSince, seenSince, seenSince);
    }

    /** Marks silent participants lost and returned ones back, then settles the timer; false when nothing changed. */
    @Transactional
    public boolean applyPresence(long videoSessionId) {
        Instant now = clock.instant();
        VideoSession video = rows.lock(videoSessionId)
                .filter(v -> v.getStatus() == CallStatus.ACTIVE)
                .orElse(null);
        if (video == null) {
            return false;
        }
        List<VideoParticipant> people = participants.findByVideoSessionIdOrderByUserId(video.getId());
        Timestamp seenSince = Timestamp.from(now.minus(properties.reconnectGrace()));
        List<Long> present = jdbc.queryForList(
                """
                select user_id from presence where user_id in (?, ?) and last_seen >= ?
                """,
                Long.class,
                people.get(0).getUserId(),
                people.get(people.size() - 1).getUserId(),
                seenSince);
        boolean changed = false;
        for (VideoParticipant p : people) {
            // Silence counts when the partner is here to notice it; a date both left runs out as usual.
            if (!present.contains(p.getUserId()) && !present.isEmpty()) {
                changed |= p.loseConnection(now, true);
            } else if (p.isConnectionLostSilent()) {
                changed |= p.restoreConnection();
            }
        }
        if (changed | settle(video, people, now)) {
            rows.changed(video, people, now);
            return true;
        }
        return false;
    }

    /** Paused calls whose pauses together reached {@code video.max-pause}. */
    @Transactional(readOnly = true)
    public List<Long> callsPausedTooLong() {
        return jdbc.queryForList("""
                select id from video_sessions
                where status = 'active' and paused_since is not null
                  and paused_since + make_interval(secs => (? - paused_ms) / 1000.0) <= ?
                """, Long.class, properties.maxPause().toMillis(), Timestamp.from(clock.instant()));
    }

    /** Ends the call with {@code connection_lost} if it is still paused past the bound: nobody skipped. */
    @Transactional
    public boolean endIfPausedTooLong(long videoSessionId) {
        Instant now = clock.instant();
        return rows.lock(videoSessionId)
                .filter(v -> v.isPaused() && v.pausedTotal(now).compareTo(properties.maxPause()) >= 0)
                .map(v -> {
                    pauseLength.record(Duration.between(v.getPausedSince(), now));
                    rows.finish(v, CallStatus.COMPLETED, EndReason.CONNECTION_LOST, now);
                    return true;
                })
                .orElse(false);
    }
}
