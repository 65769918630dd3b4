package com.speedmatch.date.internal;

import com.speedmatch.call.CallStarted;
import com.speedmatch.call.CallViews;
import com.speedmatch.call.DatePrompts;
import com.speedmatch.date.PromptShown;
import com.speedmatch.news.News;
import com.speedmatch.news.NewsBus;
import com.speedmatch.runtime.AfterCommit;
import com.speedmatch.shared.ReadModel;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Icebreakers: the same first-date question for both participants at the same moment, from the
 * prompt bank ({@code prompts}, seeded by migration), one per slot of the call: slot 0 when the
 * call starts, the next every {@code video.prompt-interval} or when a participant asks (not sooner
 * than {@code video.prompt-cooldown} after the last).
 *
 * <p>A slot's prompt is chosen and stored by one conditional insert: the primary key
 * {@code (video_session_id, slot)} lets exactly one writer win, whichever instance's sweep or
 * request comes first; the others insert nothing and tell nobody. The choice prefers the themes of
 * the pair's shared interests, then of either one's, and avoids every prompt either of them saw in
 * their last 20 dates (once the bank is exhausted, the longest unseen comes back).
 */
@Component
@ReadModel(
        reads = "video_participants",
        why = "The prompts either participant saw in their last dates, in the statement that chooses the next one")
class Icebreakers implements DatePrompts {

    /** A date's own prompts count as seen too: the last 20 dates before it, and it. */
    static final int REMEMBERED_DATES = 21;

    private record Bank(String text, String theme) {}

    private final JdbcTemplate jdbc;
    private final UserService users;
    private final ApplicationEventPublisher events;
    private final NewsBus news;
    private final Counter scheduled;
    private final Counter asked;
    private final Map<Long, Bank> bank = new ConcurrentHashMap<>();

    Icebreakers(
            JdbcTemplate jdbc,
            UserService users,
            ApplicationEventPublisher events,
            MeterRegistry meters,
            NewsBus news) {
        this.news = news;
        this.jdbc = jdbc;
        this.users = users;
        this.events = events;
        this.scheduled = Counter.builder("speedmatch.dates.prompts")
                .description("Icebreakers shown, by why")
                .tag("kind", "scheduled")
                .register(meters);
        this.asked = Counter.builder("speedmatch.dates.prompts")
                .description("Icebreakers shown, by why")
                .tag("kind", "asked")
                .register(meters);
    }

    /** Slot 0, in the transaction that starts the call. */
    @EventListener
    void showFirst(CallStarted started) {
        show(started.videoSessionId(), started.sessionId(), started.userIds(), Duration.ZERO, null, started.at());
    }

    /**
     * The next slot, when the last one was shown at least {@code dueAfter} ago (or there is none);
     * empty when it is not due or another writer took the slot. The caller's transaction publishes
     * the {@code prompt} event.
     */
    Optional<CallViews.PromptEvent> show(
            long videoSessionId, UUID sessionId, List<Long> userIds, Duration dueAfter, Long requestedBy, Instant now) {
        Map<Long, PublicProfile> profiles = users.publicProfiles(userIds);
        String[] shared = sharedInterests(profiles);
        String[] either = eitherInterests(profiles);
        List<long[]> inserted = jdbc.query(
                """
                with last as (select coalesce(max(slot), -1) as slot, max(shown_at) as shown
                              from call_prompts where video_session_id = ?),
                     recent as (select cp.prompt_id, max(cp.shown_at) as seen from call_prompts cp
                                where cp.video_session_id in (
                                    (select vp.video_session_id from video_participants vp where vp.user_id = ?
                                     order by vp.video_session_id desc limit ?)
                                    union
                                    (select vp.video_session_id from video_participants vp where vp.user_id = ?
                                     order by vp.video_session_id desc limit ?))
                                group by cp.prompt_id),
                     choice as (select p.id from prompts p left join recent r on r.prompt_id = p.id
                                order by r.seen asc nulls first, (p.interests && ?::text[]) desc,
                                         (p.interests && ?::text[]) desc, random()
                                limit 1)
                insert into call_prompts (video_session_id, slot, prompt_id, shown_at, requested_by)
                select ?, last.slot + 1, choice.id, ?, ? from last, choice
                where last.shown is null or last.shown <= ?
                on conflict do nothing
                returning slot, prompt_id
                """,
                (rs, row) -> new long[] {rs.getLong(1), rs.getLong(2)},
                videoSessionId,
                userIds.get(0),
                REMEMBERED_DATES,
                userIds.get(userIds.size() - 1),
                REMEMBERED_DATES,
                shared,
                either,
                videoSessionId,
                Timestamp.from(now),
                requestedBy,
                Timestamp.from(now.minus(dueAfter)));
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        Bank prompt = prompt(inserted.get(0)[1]);
        CallViews.PromptEvent event = new CallViews.PromptEvent(
                sessionId, inserted.get(0)[1], prompt.text(), prompt.theme(), (int) inserted.get(0)[0]);
        (requestedBy == null ? scheduled : asked).increment();
        events.publishEvent(new PromptShown(userIds, event, now));
        AfterCommit.run(() -> news.publish(new News.Call(videoSessionId)));
        return Optional.of(event);
    }

    /** The prompt both see now: the last slot's. */
    @Override
    public Optional<CallViews.Prompt> current(long videoSessionId) {
        return jdbc
                .query("""
                select prompt_id, shown_at from call_prompts where video_session_id = ? order by slot desc limit 1
                """, (rs, row) -> view(rs.getLong(1), rs.getTimestamp(2).toInstant()), videoSessionId)
                .stream()
                .findFirst();
    }

    @Override
    public CallViews.Prompt view(long promptId, Instant shownAt) {
        Bank prompt = prompt(promptId);
        return new CallViews.Prompt(promptId, prompt.text(), prompt.theme(), shownAt);
    }

    /** The bank never changes while the service runs (a migration seeds it): read each prompt once. */
    private Bank prompt(long id) {
        return bank.computeIfAbsent(
                id,
                key -> jdbc.queryForObject(
                        "select text, theme from prompts where id = ?",
                        (rs, row) -> new Bank(rs.getString(1), rs.getString(2)),
                        key));
    }

    private static String[] sharedInterests(Map<Long, PublicProfile> profiles) {
        Set<String> shared = null;
        for (PublicProfile profile : profiles.values()) {
            Set<String> own = lowerCase(profile.interests());
            if (shared == null) {
                shared = own;
            } else {
                shared.retainAll(own);
            }
        }
        return shared == null ? new String[0] : shared.toArray(String[]::new);
    }

    private static String[] eitherInterests(Map<Long, PublicProfile> profiles) {
        Set<String> either = new HashSet<>();
        profiles.values().forEach(profile -> either.addAll(lowerCase(profile.interests())));
        return either.toArray(String[]::new);
    }

    private static Set<String> lowerCase(Collection<String> interests) {
        Set<String> set = new HashSet<>();
        interests.forEach(i -> set.add(i.trim().toLowerCase(Locale.ROOT)));
        return set;
    }
}
