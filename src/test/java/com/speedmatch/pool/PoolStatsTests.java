package com.speedmatch.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PoolStatsTests extends IntegrationTest {

    @Test
    void theWaitingScreenSeesWhoWaitsWhoIsInACallAndTheMedianWait() {
        Users.User viewer = users().aNonbinaryPerson().interestedIn("nonbinary").register();
        users().aWoman().interestedIn("nonbinary").register().startMatching();
        users().aMan().interestedIn("nonbinary").register().startMatching();
        Dates.pair(users());

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode stats = viewer.get("/api/continuous-matching/stats").json();
            assertThat(stats.get("waiting_now").asLong()).isEqualTo(2);
            assertThat(stats.get("in_calls_now").asLong()).isEqualTo(2);
            assertThat(stats.get("median_wait_seconds").asDouble()).isBetween(0.0, 10.0);
        });
        assertThat(api.get("/api/continuous-matching/stats", null).status()).isEqualTo(401);
    }
}
