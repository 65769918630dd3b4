package com.speedmatch.match;

import com.speedmatch.call.CallQueries;
import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.limits.LimitProperties;
import com.speedmatch.limits.RateLimits;
import com.speedmatch.match.internal.MatchRepository;
import com.speedmatch.match.internal.MessageRepository;
import com.speedmatch.pool.MatchingService;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.shared.CallId;
import com.speedmatch.shared.MatchId;
import com.speedmatch.shared.NotFound;
import com.speedmatch.shared.UserId;
import com.speedmatch.user.AccountClosed;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * After the call: each participant's decision, and the mutual match two "continue"s make.
 *
 * <p>Decisions on one call take turns (the pairing row is locked), so two simultaneous
 * "continue"s make exactly one match and the second answer carries it. Deciding twice is
 * harmless: the first verdict stands. A decision while the call is still live ends it first.
 */
@Service
@RequiredArgsConstructor
public class MatchService {

    private final CallService calls;
    private final CallQueries callQueries;
    private final SafetyService safety;
    private final MatchingService matching;
    private final UserService users;
    private final MatchRepository matches;
    private final MessageRepository messageExport;
    private final Clock clock;
    private final RateLimits limits;
    private final LimitProperties limitProperties;

    @Transactional
    public MatchViews.DecisionResult decide(long userId, MatchViews.DecisionRequest request) {
        if (request.sessionId() != null) {
            matching.requireOwnSession(userId, request.sessionId());
        }
        CallViews.InstantCall found = callQueries
                .instantCall(CallId.of(request.matchId()), UserId.of(userId))
                .orElseThrow(() ->
                        new NotFound("Call not found", "No call " + request.matchId() + " of yours to decide on"));
        // Lock order as everywhere: the video session (ending a live call), then the pairing.
        calls.endForDecision(CallId.of(found.id()));
        CallViews.InstantCall call =
                calls.lockInstantCall(CallId.of(found.id()), UserId.of(userId)).orElseThrow();
        Instant now = clock.instant();
        long partner = call.partnerOf(userId);
        Decision standing = Decision.valueOf(
                matches.decide(call.id(), userId, request.decision(), now).toUpperCase());
        MatchViews.MutualMatch mutual = null;
        switch (standing) {
            case SKIP -> {
                safety.skip(userId, partner);
                calls.passInstantCall(CallId.of(call.id()));
            }
            case CONTINUE -> {
                boolean partnerContinues = matches.decisionOf(call.id(), partner)
                        .map("continue"::equals)
                        .orElse(false);
                if (partnerContinues && !safety.isExcluded(userId, partner)) {
                    MatchRepository.MatchRow match = matches.mutualMatch(userId, partner, call.id(), now);
                    mutual =
                            new MatchViews.MutualMatch(match.id(), match.status(), match.createdAt(), partner(partner));
                }
            }
            case NEXT -> {
                // Back to the pool with no verdict: the call's end already returned both users.
            }
        }
        String message = standing == request.decision()
                ? "Decision '" + standing.code() + "' processed"
                : "You already decided '" + standing.code() + "' for this call";
        if (mutual != null) {
            message = "It's a match! You both want to continue";
        }
        return new MatchViews.DecisionResult(message, mutual);
    }

    /**
     * A closed account leaves every match (its partners no longer see it listed or can call it),
     * and its own decisions after calls are erased; the other side's decisions stay theirs.
     */
    @EventListener
    void accountClosed(AccountClosed closed) {
        matches.removeAllOf(closed.userId());
    }

    /** The user's decisions after calls, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportDecisions(long userId) {
        return matches.export("""
                select call_session_id, decision, created_at from call_decisions where user_id = ? order by created_at
                """, userId);
    }

    /** The messages of the user's matches, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportMessages(long userId) {
        return messageExport.export(userId);
    }

    /** The user's matches, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportMatches(long userId) {
        return matches.export("""
                select id as match_id, case when user1_id = ? then user2_id else user1_id end as partner_user_id,
                       status, created_at
                from matches where user1_id = ? or user2_id = ? order by created_at
                """, userId, userId, userId);
    }

    @Transactional(readOnly = true)
    public List<MatchViews.MatchEntry> matchesOf(long userId) {
        // A block after the match ends it for both: neither sees the other listed again.
        var keptApart = safety.keptApart(List.of(userId)).getOrDefault(userId, Set.of());
        List<MatchRepository.MatchRow> rows = matches.matchesOf(userId).stream()
                .filter(m -> !keptApart.contains(m.partnerOf(userId)))
                .toList();
        Map<Long, PublicProfile> profiles =
                users.publicProfiles(rows.stream().map(m -> m.partnerOf(userId)).toList());
        return rows.stream()
                .filter(m -> profiles.containsKey(m.partnerOf(userId)))
                .map(m -> new MatchViews.MatchEntry(
                        m.id(), m.status(), m.createdAt(), partner(profiles.get(m.partnerOf(userId)))))
                .toList();
    }

    /**
     * A new call with a mutual match; the match's two users only. No transaction around the limit
     * (Redis in cluster mode): the call itself is written in one ({@code createMatchCall}).
     */
    public MatchViews.MatchCall callMatch(UserId caller, MatchId called) {
        long userId = caller.value();
        long matchId = called.value();
        MatchRepository.MatchRow match = matches.find(matchId)
                .filter(m -> m.user1Id() == userId || m.user2Id() == userId)
                .orElseThrow(() -> NotFound.of("Match", matchId));
        long partner = match.partnerOf(userId);
        if (safety.isExcluded(userId, partner)) {
            throw NotFound.of("Match", matchId);
        }
        limits.consume(
                new RateLimits.Limit(
                        "match-calls-per-match",
                        limitProperties.matchCallsPerMatch(),
                        limitProperties.matchCallWindow()),
                String.valueOf(matchId),
                "Too many calls with this match");
        UUID session = calls.createMatchCall(MatchId.of(match.id()), caller, UserId.of(partner));
        return new MatchViews.MatchCall(session, match.id(), "Calling your match");
    }

    private MatchViews.Partner partner(long userId) {
        return partner(users.publicProfile(userId));
    }

    private static MatchViews.Partner partner(PublicProfile p) {
        return new MatchViews.Partner(p.userId(), p.name(), p.age(), p.bio(), p.interests());
    }
}
