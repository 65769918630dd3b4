package com.speedmatch.safety;

import com.speedmatch.call.CallService;
import com.speedmatch.call.EndReason;
import com.speedmatch.platform.ApiException;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Skips, blocks and reports. All three keep two users apart for good, both ways. One may block or
 * report only someone one has shared a call with, and any other id answers exactly like an
 * unknown one, so neither call tells whether an arbitrary user exists.
 */
@Service
@RequiredArgsConstructor
public class SafetyService {

    private final SafetyRepository repository;
    private final CallService calls;
    private final Clock clock;

    /** A skip after a call: never paired again, either way. */
    @Transactional
    public void skip(long userId, long otherUserId) {
        repository.excludeBothWays(userId, otherUserId, ExclusionReason.SKIP, clock.instant());
    }

    /** Keeps the two apart and ends any call between them. */
    @Transactional
    public void block(long userId, long otherUserId) {
        requireMet(userId, otherUserId);
        repository.excludeBothWays(userId, otherUserId, ExclusionReason.BLOCK, clock.instant());
        calls.endCallsBetween(userId, otherUserId, EndReason.BLOCKED);
    }

    /** Stores a report for moderation, and blocks. */
    @Transactional
    public long report(long userId, SafetyViews.ReportRequest request) {
        requireMet(userId, request.userId());
        Long videoSessionId = null;
        if (request.videoSessionId() != null) {
            var call = calls.parties(userId, request.videoSessionId());
            if (call.partnerId() != request.userId()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "Wrong call",
                        "The reported user was not in video session " + request.videoSessionId());
            }
            videoSessionId = call.videoSessionId();
        }
        long id = repository.report(userId, request.userId(), request.reason(), request.details(), videoSessionId,
                clock.instant());
        repository.excludeBothWays(userId, request.userId(), ExclusionReason.BLOCK, clock.instant());
        calls.endCallsBetween(userId, request.userId(), EndReason.BLOCKED);
        return id;
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

    @Transactional(readOnly = true)
    public boolean isExcluded(long userId, long otherUserId) {
        return repository.isExcluded(userId, otherUserId);
    }

    private void requireMet(long userId, long otherUserId) {
        if (userId == otherUserId) {
            throw ApiException.badRequest("Not possible", "You cannot block or report yourself");
        }
        if (!calls.haveMet(userId, otherUserId)) {
            throw ApiException.notFound("User", otherUserId);
        }
    }
}
