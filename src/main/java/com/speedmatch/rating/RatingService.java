package com.speedmatch.rating;

import com.speedmatch.call.CallQueries;
import com.speedmatch.rating.internal.RatingRepository;
import com.speedmatch.shared.Conflict;
import com.speedmatch.shared.ReadModel;
import com.speedmatch.user.AccountClosed;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personality ratings: after a call that ran, each participant may rate the other's Big Five
 * traits once. The received means feed the matchmaker's personality similarity once a user has
 * {@value #RATINGS_FOR_PERSONALITY} ratings; until then it counts as neutral.
 */
@Service
@RequiredArgsConstructor
@ReadModel(
        reads = "video_sessions",
        why = "Ratings count only for calls that took place; one join, per user, per pass of the matchmaker")
public class RatingService {

    public static final int RATINGS_FOR_PERSONALITY = 3;

    private final RatingRepository ratings;
    private final CallQueries callQueries;
    private final Clock clock;

    @Transactional
    public RatingViews.Rated rate(long raterId, RatingViews.RatingRequest request) {
        var call = callQueries.ratableCall(raterId, request.videoSessionId());
        Long id = ratings.insert(call.videoSessionId(), raterId, call.ratedId(), request, clock.instant());
        if (id == null) {
            throw new Conflict(
                    "Already rated",
                    "You already rated this call, or this person today: one rating per person per day");
        }
        return new RatingViews.Rated(id, call.ratedId());
    }

    /** A closed account's ratings of others are deleted: they were its opinions, and steer the matchmaker. */
    @EventListener
    void accountClosed(AccountClosed closed) {
        ratings.deleteGivenBy(closed.userId());
    }

    /** Ratings the user gave, for their data export. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> exportGiven(long userId) {
        return ratings.export("""
                select r.rated_id as rated_user_id, v.session_id as video_session_id, r.openness, r.conscientiousness,
                       r.extraversion, r.agreeableness, r.neuroticism, r.created_at
                from personality_ratings r join video_sessions v on v.id = r.video_session_id
                where r.rater_id = ? order by r.created_at
                """, userId);
    }

    /** Ratings the user received, as means only (who gave which stays private), for their data export. */
    @Transactional(readOnly = true)
    public Map<String, Object> exportReceived(long userId) {
        return ratings.export("""
                select count(*) as ratings, avg(openness) as openness, avg(conscientiousness) as conscientiousness,
                       avg(extraversion) as extraversion, avg(agreeableness) as agreeableness, avg(neuroticism) as neuroticism
                from personality_ratings where rated_id = ?
                """, userId).get(0);
    }

    @Transactional(readOnly = true)
    public RatingViews.Personality personality(long userId) {
        if (!ratings.hasRatings(userId)) {
            return new RatingViews.Personality(null, null, null, null, null, 0);
        }
        return ratings.personality(userId);
    }

    /**
     * The five received trait means (openness, conscientiousness, extraversion, agreeableness,
     * neuroticism) of those users who have enough ratings; the others are absent.
     */
    @Transactional(readOnly = true)
    public Map<Long, double[]> traitMeans(Collection<Long> userIds) {
        return ratings.means(userIds, RATINGS_FOR_PERSONALITY);
    }
}
