package com.speedmatch.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import lombok.RequiredArgsConstructor;
import lombok.extern.slf4j.Slf4j;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refresh tokens no sign-in needs any more are deleted: expired ones, and ones revoked a day ago
 * (rotated and logged-out tokens are revoked; replaying one is refused whether it is kept or not).
 * In batches, each its own short transaction, on every instance (the deletes do not collide).
 */
@Slf4j
@Component
@RequiredArgsConstructor
public class RefreshTokenSweeper {

    static final Duration KEEP_REVOKED = Duration.ofDays(1);
    static final int BATCH = 5_000;

    private final RefreshTokenRepository refreshTokens;
    private final TransactionTemplate transaction;
    private final Clock clock;

    @Scheduled(
            fixedDelayString = "${security.jwt.sweep-interval:1h}",
            initialDelayString = "${security.jwt.sweep-interval:1h}")
    void sweep() {
        sweepNow();
    }

    /** Deletes every spent row; how many. */
    public int sweepNow() {
        Instant now = clock.instant();
        int deleted = 0;
        int batch;
        do {
            batch = transaction.execute(status -> refreshTokens.deleteSpent(now, now.minus(KEEP_REVOKED), BATCH));
            deleted += batch;
        } while (batch == BATCH);
        if (deleted > 0) {
            log.info("{} spent refresh tokens deleted", deleted);
        }
        return deleted;
    }
}
