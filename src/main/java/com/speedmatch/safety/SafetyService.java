package com.speedmatch.safety;

import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallService;
import com.speedmatch.call.EndReason;
import com.speedmatch.safety.internal.SafetyRepository;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.NotFound;
import com.speedmatch.shared.ReadModel;
import com.speedmatch.shared.ReportId;
import com.speedmatch.shared.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Skips, blocks and reports. All three keep two users apart for good, both ways. One may block or
 * report only someone one has shared a call with, and any other id answers exactly like an
 * unknown one, so neither call tells whether an arbitrary user exists.
 */
@Slf4j
@Service
@ReadModel(
        reads = "video_sessions",
        why = "A moderator's list of reports shows each report's call in the same page query")
public class SafetyService {

    private final SafetyRepository repository;
    private final CallService calls;
    private final CallQueries callQueries;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<MessageEvidence> messages;

    SafetyService(
            SafetyRepository repository,
            CallService calls,
            CallQueries callQueries,
            Clock clock,
            PlatformTransactionManager transactions,
            ApplicationEventPublisher events,
            ObjectProvider<MessageEvidence> messages) {
        this.events = events;
        this.messages = messages;
        this.repository = repository;
        this.calls = calls;
        this.callQueries = callQueries;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** An unmatch: never paired again, either way, like a skip. */
    @Transactional
    public void unmatched(long userId, long otherUserId) {
        repository.excludeBothWays(userId, otherUserId, ExclusionReason.UNMATCH, clock.instant());
    }

    /** A skip after a call: never paired again, either way. */
    @Transactional
    public void skip(long userId, long otherUserId) {
        repository.excludeBothWays(userId, otherUserId, ExclusionReason.SKIP, clock.instant());
    }

    /** Keeps the two apart and ends any call between them. */
    public void block(long userId, long otherUserId) {
        requireMet(userId, otherUserId);
        keepApart(userId, otherUserId, () -> null);
    }

    /**
     * Stores a report for moderation, and blocks. A cited message must be one the reported user
     * sent the reporter; its text is kept with the report, since the block ends the match.
     */
    public long report(long userId, SafetyViews.ReportRequest request) {
        requireMet(userId, request.userId());
        Long videoSessionId = reportedCall(userId, request);
        String messageText = request.messageId() == null
                ? null
                : messages.getIfAvailable(() -> (id, from, to) -> Optional.empty())
                        .text(request.messageId(), request.userId(), userId)
                        .orElseThrow(() -> new Invalid(
                                "Validation failed", "Invalid message_id: not a message the reported user sent you"));
        return keepApart(
                userId,
                request.userId(),
                () -> repository
                        .report(
                                userId,
                                request.userId(),
                                request.reason(),
                                request.details(),
                                videoSessionId,
                                request.messageId(),
                                messageText,
                                clock.instant())
                        .orElseThrow(() -> new Conflict(
                                "Already reported",
                                "You already reported this user; moderators will review that report")));
    }

    /**
     * The block is committed first, together with a barrier on both users' matching sessions: a
     * matchmaker pair written at this moment holds those rows, so the barrier waits until its call
     * is committed, and a pair written later re-checks the exclusions under the same locks and is
     * skipped. Only then are the calls between the two looked up and ended, in a transaction of
     * their own, so a call the matchmaker was just making between them is ended too. Should that
     * fail, {@link KeptApart}'s handler ends them from the publication registry.
     */
    private <T> T keepApart(long userId, long otherUserId, Supplier<T> alsoRecord) {
        T recorded = transaction.execute(status -> {
            T result = alsoRecord.get();
            repository.excludeBothWays(userId, otherUserId, ExclusionReason.BLOCK, clock.instant());
            events.publishEvent(new KeptApart(userId, otherUserId, clock.instant()));
            repository.waitForPairWriters(userId, otherUserId);
            return result;
        });
        try {
            calls.endCallsBetween(userId, otherUserId, EndReason.BLOCKED);
        } catch (RuntimeException e) {
            // The block holds; the registry-backed handler of KeptApart ends the calls when it can.
            log.warn(
                    "Calls between users {} and {} not ended with the block; they end on redelivery: {}",
                    userId,
                    otherUserId,
                    e.getMessage());
        }
        return recorded;
    }

    private Long reportedCall(long userId, SafetyViews.ReportRequest request) {
        if (request.videoSessionId() == null) {
            return null;
        }
        var call = callQueries.parties(userId, request.videoSessionId());
        if (call.partnerId() != request.userId()) {
            throw new Invalid("Wrong call", "The reported user was not in video session " + request.videoSessionId());
        }
        return call.videoSessionId();
    }

    /** An open report, as the moderation queue shows it; the cited message's text kept with it. */
    public record OpenReport(
            long id,
            long reporterId,
            long reportedId,
            String reason,
            String details,
            Instant createdAt,
            UUID videoSessionId,
            Instant callStartedAt,
            Integer callSeconds,
            Long messageId,
            String messageText) {}

    /** Open reports, oldest first: the moderation queue. */
    @Transactional(readOnly = true)
    public List<OpenReport> openReports(int page, int size) {
        return repository.openReports(page * size, size);
    }

    @Transactional(readOnly = true)
    public long openReportCount() {
        return repository.openReportCount();
    }

    /** Reports against each of these users, all time. */
    @Transactional(readOnly = true)
    public Map<Long, Long> reportsAgainst(Collection<Long> userIds) {
        return repository.reportsAgainst(userIds);
    }

    /**
     * Marks an open report resolved, in the caller's transaction; the report's row is locked, so a
     * second moderator resolving it at the same moment gets a 409.
     */
    @Transactional
    public OpenReport resolveReport(ReportId id, UserId moderator, String resolution, Instant now) {
        long reportId = id.value();
        long moderatorId = moderator.value();
        OpenReport report = repository.lockReport(reportId).orElseThrow(() -> NotFound.of("Report", reportId));
        if (!repository.resolve(reportId, moderatorId, resolution, now)) {
            throw new Conflict("Already resolved", "Another moderator resolved this report already");
        }
        return report;
    }

    /** The skips and blocks the user made, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportExclusions(long userId) {
        return repository.export("""
                select excluded_user_id, reason, created_at from exclusions where user_id = ? order by created_at
                """, userId);
    }

    /** The reports the user filed, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportReports(long userId) {
        return repository.export("""
                select r.id as report_id, r.reported_id as reported_user_id, r.reason, r.details, v.session_id as video_session_id,
                       r.status, r.created_at
                from reports r left join video_sessions v on v.id = r.video_session_id
                where r.reporter_id = ? order by r.created_at
                """, userId);
    }

    /** Who is kept from whom among these users: skips and blocks, symmetric. */
    @Transactional(readOnly = true)
    public Map<Long, Set<Long>> keptApart(Collection<Long> userIds) {
        return repository.keptApart(userIds);
    }

    @Transactional(readOnly = true)
    public long exclusionCount(long userId) {
        return repository.exclusionCount(userId);
    }

    /** Whether a block (a report blocks too) or an unmatch keeps the two apart: more than a skip. */
    @Transactional(readOnly = true)
    public boolean keptApartBeyondSkip(long userId, long otherUserId) {
        return repository.keptApartBeyondSkip(userId, otherUserId);
    }

    /** A skip taken back (a second look): the two may meet again; a block or an unmatch stays. */
    @Transactional
    public void forgetSkip(long userId, long otherUserId) {
        repository.forgetSkip(userId, otherUserId);
    }

    @Transactional(readOnly = true)
    public boolean isExcluded(long userId, long otherUserId) {
        return repository.isExcluded(userId, otherUserId);
    }

    private void requireMet(long userId, long otherUserId) {
        if (userId == otherUserId) {
            throw new Invalid("Not possible", "You cannot block or report yourself");
        }
        if (!callQueries.haveMet(userId, otherUserId)) {
            throw NotFound.of("User", otherUserId);
        }
    }
}
