package com.speedmatch.runtime;

import com.speedmatch.shared.SecretTokens;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
     * made. Returns whether it ran; throws {@link InProgress} while another handler is making it,
     * so that the caller's publication fails and is resubmitted rather than completed unsent.
     */
    public boolean once(String kind, String identity, Runnable send) {
        String key = kind + ":" + SecretTokens.sha256(identity);
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
            Boolean sent =
                    jdbc.queryForObject("select sent_at is not null from deliveries where key = ?", Boolean.class, key);
            if (Boolean.TRUE.equals(sent)) {
                log.debug("Delivery {} already made; not sent again", key);
                return false;
            }
            // Being sent elsewhere right now: this delivery fails, so its publication is resubmitted
            // later and finds the send made, or the claim run out. Returning would drop it for good.
            throw new InProgress(key);
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

    /** The same delivery is being made elsewhere at this moment; try again later. */
    public static class InProgress extends RuntimeException {

        InProgress(String key) {
            super("Delivery " + key + " is being made elsewhere; it is tried again later");
        }
    }
}
