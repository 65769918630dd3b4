package com.speedmatch.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.longpoll.Parking;
import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Presence is written in batches by one job: from polls noted in memory and from requests parked here. */
class PresenceTests extends IntegrationTest {

    @Autowired
    Presence presence;

    @Autowired
    Parking parking;

    /** A client that follows with long waits writes nothing while it waits, and still counts as here. */
    @Test
    void aUserWaitingOnAParkedPollIsPresentWithoutPolling() throws Exception {
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> parked = parkedNextMatch(anna, 25);
        clock.advance(Duration.ofSeconds(20));
        Instant later = clock.instant();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !presence.lastSeen(anna.id).orElseThrow().isBefore(later));

        anna.endMatching();
        assertThat(parked.get().status()).isEqualTo(200);
    }

    /**
     * A clock that steps back (NTP; here a test's clock put back) must not stop parked users'
     * presence from being written until it catches up with the last write.
     */
    @Test
    void parkedPresenceIsWrittenAfterTheClockStepsBack() throws Exception {
        Users.User early = users().aMan().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> earlyParked = parkedNextMatch(early, 10);
        clock.advance(Duration.ofHours(1));
        Instant anHourOn = clock.instant();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !presence.lastSeen(early.id).orElseThrow().isBefore(anHourOn));
        early.endMatching();
        earlyParked.get();

        clock.reset(); // an hour back
        Users.User anna = users().aWoman().interestedIn("nonbinary").register().startMatching();
        CompletableFuture<Api.Response> parked = parkedNextMatch(anna, 25);
        clock.advance(Duration.ofSeconds(20));
        Instant later = clock.instant();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> !presence.lastSeen(anna.id).orElseThrow().isBefore(later));
        anna.endMatching();
        assertThat(parked.get().status()).isEqualTo(200);
    }

    /** One account deleted between a sighting and the batch must not cost everyone else their presence. */
    @Test
    void aUserDeletedBeforeTheBatchDoesNotStopItForTheOthers() {
        Users.User anna = users().aWoman().register();
        Users.User gone = users().aMan().register();
        clock.advance(Duration.ofSeconds(10));
        Instant later = clock.instant();
        presence.seen(gone.id);
        jdbc.update("delete from users where id = ?", gone.id);
        presence.seen(anna.id);

        await().atMost(Duration.ofSeconds(5))
                .until(() -> presence.lastSeen(anna.id)
                        .filter(seen -> !seen.isBefore(later))
                        .isPresent());
        assertThat(presence.lastSeen(gone.id)).isEmpty();
    }

    /** Entering the pool is written at once: the matchmaker's next pass already counts the newcomer. */
    @Test
    void enteringThePoolIsWrittenAtOnce() {
        clock.advance(Duration.ofMinutes(5));
        Instant entering = clock.instant().minusMillis(1);
        Users.User anna = users().aWoman().register().startMatching();

        assertThat(presence.lastSeen(anna.id))
                .hasValueSatisfying(seen -> assertThat(seen).isAfter(entering));
    }

    /** A next-match poll with {@code wait}, once it is parked on this instance. */
    private CompletableFuture<Api.Response> parkedNextMatch(Users.User user, int wait) {
        CompletableFuture<Api.Response> parked = CompletableFuture.supplyAsync(() -> user.nextMatch(wait));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> parking.parkedUsers(Parking.Topic.MATCH).contains(user.id));
        return parked;
    }
}
