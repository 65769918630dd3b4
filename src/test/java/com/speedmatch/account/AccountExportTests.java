package com.speedmatch.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AccountExportTests extends IntegrationTest {

    @Test
    void theExportHoldsTheCallersDataAndNobodyElses() {
        Dates.Date date = Dates.joined(users());
        Users.User me = date.caller();
        Users.User partner = date.callee();
        Map<String, Object> traits = new HashMap<>(Map.of(
                "openness",
                5,
                "conscientiousness",
                4,
                "extraversion",
                3,
                "agreeableness",
                2,
                "neuroticism",
                1,
                "video_session_id",
                date.videoSessionId()));
        me.post("/api/ratings", traits);
        partner.post("/api/ratings", traits);
        me.decide(date.callSessionId(), "next");
        me.post("/api/reports", Map.of("user_id", partner.id, "reason", "spam", "details", "sent links"));
        me.endMatching();
        partner.endMatching();
        Dates.pair(users()); // somebody else's date

        Api.Response response = me.get("/api/users/me/export");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("attachment");
        JsonNode export = response.json();

        assertThat(export.get("profile").get("email").asString()).isEqualTo(me.email);
        assertThat(export.get("matching_sessions")).hasSize(1);
        assertThat(export.get("calls")).hasSize(1);
        assertThat(export.get("calls").get(0).get("partner_user_id").asLong()).isEqualTo(partner.id);
        assertThat(export.get("calls").get(0).get("session_id").asString()).isEqualTo(date.videoSessionId());
        assertThat(export.get("decisions").get(0).get("decision").asString()).isEqualTo("next");
        assertThat(export.get("ratings_given")).hasSize(1);
        assertThat(export.get("ratings_given").get(0).get("rated_user_id").asLong())
                .isEqualTo(partner.id);
        assertThat(export.get("ratings_received").get("ratings").asLong()).isEqualTo(1);
        assertThat(export.get("reports_filed").get(0).get("details").asString()).isEqualTo("sent links");
        assertThat(export.get("skips_and_blocks").get(0).get("excluded_user_id").asLong())
                .isEqualTo(partner.id);
        // The partner appears by id only: not their email, name or bio, nor who rated whom how.
        assertThat(response.text()).doesNotContain(partner.email, partner.name, "\"rater_id\"");
    }
}
