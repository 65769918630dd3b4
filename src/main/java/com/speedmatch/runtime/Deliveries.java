package com.speedmatch.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import lombok.extern.slf4j.Slf4j;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends a mail or a push once per event, however often its publication is delivered: a
 * publication resubmitted after its instance died, or handled on two instances, finds the key
 * already claimed and sends nothing.
 *
 * <p>The key is a digest of what identifies the event (the mail's text holds its one-time link; a
 * push names its call or message). It is claimed by one short statement in autocommit before the
 * send, and marked sent after it; a send that fails gives the key back and rethrows, so the
 * publication fails and is resubmitted. A claim whose holder died before it finished is taken over
 * after {@link #CLAIM_TIMEOUT}. Sent keys are kept for {@link #KEPT} (longer than any redelivery)
 * and then swept. No transaction or connection is held while the mail server or push service
 * answers.
 */
@Slf4j
@Component
public class Deliveries {

    static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);
    static final Duration KEPT = Duration.ofDays(2);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    Deliveries(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Runs {@code send} unless the delivery named by {@code kind} and {@code identity} was already
     * made (or is being made right now elsewhere). Returns whether it ran.
     */
    public boolean once(String kind, String identity, Runnable send) {
        String key = kind + ":" + digest(identity);
        Instant now = clock.instant();
        boolean claimed = !jdbc.queryForList(
                        """
                insert into deliveries (key, claimed_at) values (?, ?)
                on conflict (key) do update set claimed_at = excluded.claimed_at
                    where deliveries.sent_at is null and deliveries.claimed_at < ?
                returning key
                """, String.class, key, Timestamp.from(now), Timestamp.from(now.minus(CLAIM_TIMEOUT)))
                .isEmpty();
        if (!claimed) {
            log.debug("Delivery {} already made; not sent again", key);
            return false;
        }
        try {
            send.run();
        } catch (RuntimeException e) {
            jdbc.update("delete from deliveries where key = ? and sent_at is null", key);
            throw e;
        }
        jdbc.update("update deliveries set sent_at = ? where key = ?", Timestamp.from(clock.instant()), key);
        return true;
    }

    @Scheduled(fixedDelayString = "${cleanup.interval:1m}", initialDelayString = "${cleanup.interval:1m}")
    void forgetOldDeliveries() {
        jdbc.update(
                "delete from deliveries where claimed_at < ?",
                Timestamp.from(clock.instant().minus(KEPT)));
    }

    private static String digest(String identity) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
