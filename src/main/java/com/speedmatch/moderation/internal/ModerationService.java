package com.speedmatch.moderation.internal;

import com.speedmatch.moderation.ModerationViews;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.Refused;
import com.speedmatch.shared.ReportId;
import com.speedmatch.shared.UserId;
import com.speedmatch.user.AccountLifecycle;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import lombok.RequiredArgsConstructor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The report queue and what moderators do with it. Only the accounts in
 * {@code moderation.moderators} may call any of it (403 for everyone else). Every action is kept in
 * the audit log ({@code moderation_actions}). A suspension or a ban takes effect at once, on every
 * instance: see {@link AccountLifecycle#restrict}.
 */
@Service
@RequiredArgsConstructor
class ModerationService {

    private final ModerationProperties properties;
    private final UserService users;
    private final AccountLifecycle accounts;
    private final SafetyService safety;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    @Transactional(readOnly = true)
    ModerationViews.Queue queue(long moderatorId, int page, int size) {
        requireModerator(moderatorId);
        List<SafetyService.OpenReport> reports = safety.openReports(page, size);
        List<Long> people = reports.stream()
                .flatMap(r -> Stream.of(r.reporterId(), r.reportedId()))
                .distinct()
                .toList();
        Map<Long, PublicProfile> profiles = users.publicProfiles(people);
        Map<Long, Long> against = safety.reportsAgainst(people);
        List<ModerationViews.QueuedReport> queued = reports.stream()
                .map(r -> new ModerationViews.QueuedReport(
                        r.id(),
                        r.reason(),
                        r.details(),
                        r.createdAt(),
                        person(profiles.get(r.reporterId()), against),
                        person(profiles.get(r.reportedId()), against),
                        r.videoSessionId() == null
                                ? null
                                : new ModerationViews.Call(r.videoSessionId(), r.callStartedAt(), r.callSeconds()),
                        r.messageText()))
                .toList();
        return new ModerationViews.Queue(queued, page, size, safety.openReportCount());
    }

    @Transactional
    ModerationViews.Resolved resolve(long moderatorId, long reportId, ModerationViews.Resolution resolution) {
        requireModerator(moderatorId);
        if (resolution.action() == ModerationViews.Action.SUSPEND && resolution.days() == null) {
            throw new Invalid("Validation failed", "Invalid days: a suspension needs days (1-3650)");
        }
        Instant now = clock.instant();
        String action = resolution.action().name().toLowerCase(Locale.ROOT);
        SafetyService.OpenReport report =
                safety.resolveReport(ReportId.of(reportId), UserId.of(moderatorId), action, now);
        long subject = report.reportedId();
        Instant until = null;
        switch (resolution.action()) {
            case DISMISS -> {
                // nothing happens to the reported user
            }
            case WARN ->
                accounts.warn(
                        subject,
                        resolution.note() == null || resolution.note().isBlank()
                                ? "A moderator reviewed a report about you. Please keep your dates respectful."
                                : resolution.note());
            case SUSPEND -> {
                until = now.plus(Duration.ofDays(resolution.days()));
                accounts.restrict(subject, until, false);
            }
            case BAN -> accounts.restrict(subject, null, true);
        }
        audit(
                moderatorId,
                subject,
                reportId,
                action,
                resolution.action() == ModerationViews.Action.SUSPEND ? resolution.days() : null,
                resolution.note(),
                now);
        return new ModerationViews.Resolved(reportId, action, subject, until);
    }

    /** Lifts a user's suspension or ban. */
    @Transactional
    void lift(long moderatorId, long userId, String note) {
        requireModerator(moderatorId);
        accounts.lift(userId);
        audit(moderatorId, userId, null, "lift", null, note, clock.instant());
    }

    @Transactional(readOnly = true)
    boolean isModerator(long userId) {
        return users.hasVerifiedEmailIn(userId, properties.emailKeys());
    }

    private void requireModerator(long userId) {
        if (!isModerator(userId)) {
            throw new Refused("Moderators only", "This is for moderators only");
        }
    }

    private void audit(
            long moderatorId, long subjectId, Long reportId, String action, Integer days, String note, Instant now) {
        jdbc.update("""
                insert into moderation_actions (moderator_id, subject_id, report_id, action, days, note, created_at)
                values (?, ?, ?, ?, ?, ?, ?)
                """, moderatorId, subjectId, reportId, action, days, note, Timestamp.from(now));
    }

    private static ModerationViews.Person person(PublicProfile profile, Map<Long, Long> against) {
        return new ModerationViews.Person(
                profile.userId(),
                profile.name(),
                profile.age(),
                profile.bio(),
                profile.interests(),
                against.getOrDefault(profile.userId(), 0L));
    }
}
