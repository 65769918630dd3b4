package com.speedmatch.account.internal;

import com.speedmatch.call.CallQueries;
import com.speedmatch.match.MatchService;
import com.speedmatch.pool.MatchingService;
import com.speedmatch.rating.RatingService;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.user.UserProfile;
import com.speedmatch.user.UserService;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything SpeedMatch stores about the caller, in one JSON document (the right to a copy of
 * one's data). Other people appear only by user id; what others said about the caller appears only
 * as rating means, never rater by rater.
 */
@Service
@RequiredArgsConstructor
class AccountExport {

    @Schema(description = "Everything stored about the caller. Timestamps are UTC instants, ids as in the API.")
    record Export(
            @Schema(description = "When this export was made")
            Instant exportedAt,

            @Schema(
                    description =
                            "The account: id, email, name, birth_date, age, gender, interested_in, bio, interests, created_at")
            UserProfile profile,

            @Schema(
                    description = "Every matching session: session_id, status, min_age, max_age, preferred_interests, "
                            + "personality_weight, created_at, last_active, ended_at")
            List<Map<String, Object>> matchingSessions,

            @Schema(
                    description =
                            "Every call: session_id (the video session), kind (instant or match), call_session_id, "
                                    + "match_id, status, created_at, started_at, ended_at, end_reason, joined_at (yours), partner_user_id")
            List<Map<String, Object>> calls,

            @Schema(
                    description =
                            "Your decisions after calls: call_session_id, decision (skip, continue, next), created_at")
            List<Map<String, Object>> decisions,

            @Schema(description = "Your mutual matches: match_id, partner_user_id, status, created_at")
            List<Map<String, Object>> matches,

            @Schema(
                    description = "Ratings you gave: rated_user_id, video_session_id, openness, conscientiousness, "
                            + "extraversion, agreeableness, neuroticism (1-5), created_at")
            List<Map<String, Object>> ratingsGiven,

            @Schema(description = "Ratings you received, as means only: ratings (how many), and the mean of each trait")
            Map<String, Object> ratingsReceived,

            @Schema(description = "People you skipped or blocked: excluded_user_id, reason (skip or block), created_at")
            List<Map<String, Object>> skipsAndBlocks,

            @Schema(
                    description =
                            "Reports you filed: report_id, reported_user_id, reason, details, video_session_id, status, created_at")
            List<Map<String, Object>> reportsFiled,

            @Schema(
                    description =
                            "The messages of your matches, yours and theirs: id, match_id, from_user_id, text, sent_at")
            List<Map<String, Object>> messages) {}

    private final UserService users;
    private final MatchingService matching;
    private final CallQueries calls;
    private final MatchService matches;
    private final RatingService ratings;
    private final SafetyService safety;
    private final Clock clock;

    @Transactional(readOnly = true)
    Export of(long userId) {
        return new Export(
                clock.instant(),
                users.profile(userId),
                matching.exportSessions(userId),
                calls.exportCalls(userId),
                matches.exportDecisions(userId),
                matches.exportMatches(userId),
                ratings.exportGiven(userId),
                ratings.exportReceived(userId),
                safety.exportExclusions(userId),
                safety.exportReports(userId),
                matches.exportMessages(userId));
    }
}
