package com.speedmatch.match;

import com.speedmatch.call.CallService;
import com.speedmatch.match.internal.MatchRepository;
import com.speedmatch.match.internal.RecentDates;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.CallId;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.Invalid;
import com.speedmatch.shared.NotFound;
import com.speedmatch.shared.UserId;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A second look at the people one just met (docs/spec.md "A second look"): the last dates, and a
 * {@code next} or {@code skip} changed to {@code continue} within a day. If the partner said
 * continue, that makes the match, and both are told; never for someone blocked, reported or
 * unmatched since.
 */
@Service
@RequiredArgsConstructor
public class SecondLook {

    static final int RECENT = 20;
    static final Duration WINDOW = Duration.ofHours(24);

    private final RecentDates dates;
    private final MatchRepository matches;
    private final CallService calls;
    private final SafetyService safety;
    private final UserService users;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    @Transactional(readOnly = true)
    public List<MatchViews.RecentDate> recentDates(long userId) {
        List<RecentDates.Row> rows = dates.of(userId, RECENT);
        Map<Long, PublicProfile> profiles = users.publicProfiles(
                rows.stream().map(RecentDates.Row::partnerId).distinct().toList());
        Instant now = clock.instant();
        return rows.stream()
                .filter(row -> profiles.containsKey(row.partnerId())) // a closed account is gone from the list
                .map(row -> new MatchViews.RecentDate(
                        row.callSessionId(),
                        row.videoSessionId(),
                        row.startedAt(),
                        partner(profiles.get(row.partnerId())),
                        row.decision(),
                        row.mutual(),
                        changeable(row, now)))
                .toList();
    }

    /** Changes the user's next or skip on a recent date to continue; a match if the partner continued. */
    @Transactional
    public MatchViews.DecisionResult reconsider(long userId, long callSessionId, Decision decision) {
        if (decision != Decision.CONTINUE) {
            throw new Invalid("Only continue", "A second look changes a next or a skip to continue, nothing else");
        }
        // Locked as a decision locks it: a partner deciding at the same moment takes turns with this.
        calls.lockInstantCall(CallId.of(callSessionId), UserId.of(userId))
                .orElseThrow(() -> NotFound.of("Date", callSessionId));
        RecentDates.Row date = dates.one(userId, callSessionId).orElseThrow(() -> NotFound.of("Date", callSessionId));
        Instant now = clock.instant();
        if (date.decision() == null) {
            throw new Conflict("Not decided yet", "Decide with continue-decision; a second look changes a decision");
        }
        if (Decision.CONTINUE.code().equals(date.decision())) {
            throw new Conflict("Already continue", "You already said continue for this date");
        }
        if (now.isAfter(date.startedAt().plus(WINDOW))) {
            throw new Conflict("Too late", "A next or a skip can be changed for 24 hours after the date");
        }
        long partner = date.partnerId();
        dates.change(callSessionId, userId, date.decision(), Decision.CONTINUE.code(), now);
        String theirs = matches.decisionOf(callSessionId, partner).orElse(null);
        if (Decision.SKIP.code().equals(date.decision())
                && !Decision.SKIP.code().equals(theirs)) {
            safety.forgetSkip(userId, partner); // the skip was this user's alone
        }
        if (!Decision.CONTINUE.code().equals(theirs)) {
            return new MatchViews.DecisionResult("Changed to continue; a match if they say continue too", null);
        }
        MatchRepository.MatchRow match = matches.mutualMatch(userId, partner, callSessionId, now);
        Map<Long, PublicProfile> profiles = users.publicProfiles(List.of(userId, partner));
        events.publishEvent(
                new Matched(partner, new MatchViews.MatchedEvent(match.id(), partner(profiles.get(userId))), now));
        events.publishEvent(
                new Matched(userId, new MatchViews.MatchedEvent(match.id(), partner(profiles.get(partner))), now));
        return new MatchViews.DecisionResult(
                "It's a match! You both want to continue",
                new MatchViews.MutualMatch(
                        match.id(), match.status(), match.createdAt(), partner(profiles.get(partner))));
    }

    private static boolean changeable(RecentDates.Row row, Instant now) {
        return !row.mutual()
                && (Decision.NEXT.code().equals(row.decision())
                        || Decision.SKIP.code().equals(row.decision()))
                && !now.isAfter(row.startedAt().plus(WINDOW));
    }

    private static MatchViews.Partner partner(PublicProfile p) {
        return new MatchViews.Partner(p.userId(), p.name(), p.age(), p.bio(), p.interests());
    }
}
