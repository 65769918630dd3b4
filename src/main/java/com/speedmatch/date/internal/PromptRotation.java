package com.speedmatch.date.internal;

import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.VideoProperties;
import com.speedmatch.runtime.Sweeps;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Limited;
import com.speedmatch.shared.ReadModel;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * When icebreakers come: every {@code video.prompt-interval} during a running date (a sweep safe on
 * every instance: the slot's conditional insert lets one writer win), and when a participant asks,
 * not sooner than {@code video.prompt-cooldown} after the last.
 */
@Service
@ReadModel(
        reads = {"video_sessions", "video_participants"},
        why = "Running dates due an icebreaker, and their participants, for every date at once")
public class PromptRotation {

    private final Icebreakers prompts;
    private final CallService calls;
    private final VideoProperties properties;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    PromptRotation(Icebreakers prompts, CallService calls, VideoProperties properties, JdbcTemplate jdbc, Clock clock) {
        this.prompts = prompts;
        this.calls = calls;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Another icebreaker for both, now; not sooner than {@code video.prompt-cooldown} after the last. */
    @Transactional
    public CallViews.PromptEvent next(long userId, UUID sessionId) {
        var member = calls.lockRunning(userId, sessionId)
                .orElseThrow(() -> new Conflict("Date not running", "Icebreakers come during a running date"));
        return prompts.show(
                        member.videoSessionId(),
                        sessionId,
                        List.of(Math.min(userId, member.partnerId()), Math.max(userId, member.partnerId())),
                        properties.promptCooldown(),
                        userId,
                        clock.instant())
                .orElseThrow(() -> new Limited(
                        "Too many requests",
                        "A new icebreaker at most every "
                                + properties.promptCooldown().toSeconds() + " s; retry shortly",
                        properties.promptCooldown()));
    }

    @Scheduled(fixedDelayString = "${video.live-date-interval:1s}")
    void rotate() {
        Sweeps.each("prompts", this::callsDueAPrompt, this::showScheduledPrompt);
    }

    /** Running calls whose prompt is older than {@code video.prompt-interval}. */
    List<Long> callsDueAPrompt() {
        return jdbc.queryForList(
                """
                select v.id from video_sessions v
                where v.status = 'active' and v.paused_since is null and v.ends_at > ?
                  and coalesce((select max(shown_at) from call_prompts cp where cp.video_session_id = v.id), v.started_at) <= ?
                """,
                Long.class,
                Timestamp.from(clock.instant()),
                Timestamp.from(clock.instant().minus(properties.promptInterval())));
    }

    /** The next scheduled prompt of the call; false when another instance showed it first, or it is not due. */
    @Transactional
    public boolean showScheduledPrompt(long videoSessionId) {
        List<Long> people = jdbc.queryForList(
                "select user_id from video_participants where video_session_id = ? order by user_id",
                Long.class,
                videoSessionId);
        UUID sessionId =
                jdbc.queryForObject("select session_id from video_sessions where id = ?", UUID.class, videoSessionId);
        return prompts.show(videoSessionId, sessionId, people, properties.promptInterval(), null, clock.instant())
                .isPresent();
    }
}
