package com.speedmatch.matching;

import com.speedmatch.call.CallService;
import com.speedmatch.call.CallViews;
import com.speedmatch.platform.AfterCommit;
import com.speedmatch.platform.UserEvents;
import com.speedmatch.safety.SafetyService;
import com.speedmatch.user.PublicProfile;
import com.speedmatch.user.UserService;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Writes one pairing in its own transaction, after re-checking both sessions under lock. */
@Component
@RequiredArgsConstructor
class PairWriter {

    private final MatchingSessionRepository sessions;
    private final CallService calls;
    private final SafetyService safety;
    private final UserService users;
    private final UserEvents events;

    /**
     * Locks both sessions (in user-id order) and creates the call only if both are still active
     * and present, and still not kept apart: a user who ends or pauses at this moment is never put
     * in a call, and neither is a pair one of whom blocked or skipped the other since the pass took
     * its snapshot (a block takes the same session locks before it looks for calls to end).
     *
     * @return whether the call was created
     */
    @Transactional
    public boolean write(Matchmaker.Pair pair, Instant seenSince) {
        long a = pair.first().userId();
        long b = pair.second().userId();
        List<MatchingSession> locked = sessions.lockOpen(List.of(a, b));
        boolean bothStillWaiting = locked.size() == 2
                && locked.stream().allMatch(s -> s.isActive() && !s.getLastActive().isBefore(seenSince));
        if (!bothStillWaiting || safety.isExcluded(a, b)) {
            return false;
        }
        CallViews.LiveInstantCall call = calls.createInstantCall(a, b, pair.score(), pair.first().waitingSince(),
                pair.second().waitingSince());
        AfterCommit.run(() -> announce(call, a, b));
        return true;
    }

    /** Both feeds hear {@code match_found} with what next-match answers each of them. */
    private void announce(CallViews.LiveInstantCall call, long a, long b) {
        Map<Long, PublicProfile> profiles = users.publicProfiles(List.of(a, b));
        events.post(a, "match_found", MatchingService.matchData(call.callSessionId(), call.videoSessionId(),
                profiles.get(b), call.compatibilityScore()));
        events.post(b, "match_found", MatchingService.matchData(call.callSessionId(), call.videoSessionId(),
                profiles.get(a), call.compatibilityScore()));
    }
}
