package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallQualityTests extends IntegrationTest {

    @Test
    void aParticipantsReportShowsUpInPrometheusOnceAndAnOutsidersIsRefused() {
        Dates.Date date = Dates.joined(users());
        String path = "/api/video/session/" + date.videoSessionId() + "/quality";
        Map<String, Object> report = Map.of("connected_ms", 840, "candidate_type", "relay", "rtt_ms", 95);

        assertThat(users().aMan().register().post(path, report).status()).isEqualTo(404);
        assertThat(date.caller().post(path, Map.of("connected_ms", -1)).status())
                .isEqualTo(400);
        assertThat(date.caller()
                        .post(path, Map.of("candidate_type", "carrier-pigeon"))
                        .status())
                .isEqualTo(400);
        assertThat(date.caller().post(path, report).status()).isEqualTo(202);
        assertThat(date.caller().post(path, report).status()).isEqualTo(409);
        assertThat(date.callee().post(path, Map.of("failed_stage", "ice")).status())
                .isEqualTo(202);

        String metrics = management.get("/actuator/prometheus", null).text();
        assertThat(metrics)
                .contains(
                        "speedmatch_calls_connect_seconds_count",
                        "speedmatch_calls_candidates_total{",
                        "type=\"relay\"",
                        "speedmatch_calls_failures_total{",
                        "stage=\"ice\"",
                        "speedmatch_calls_rtt_milliseconds",
                        "speedmatch_matchmaker_exclusions");
        assertThat(jdbc.queryForObject(
                        "select count(*) from call_quality where video_session_id = "
                                + "(select id from video_sessions where session_id = ?::uuid)",
                        Integer.class,
                        date.videoSessionId()))
                .isEqualTo(2);
    }
}
