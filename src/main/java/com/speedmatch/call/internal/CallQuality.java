package com.speedmatch.call.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.speedmatch.call.CallQueries;
import com.speedmatch.shared.Conflict;
import com.speedmatch.user.AccountClosed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the server cannot see of a call and its clients can: how long WebRTC took to connect, over
 * which kind of candidate pair, where it failed, and the round-trip time (the guide's key metrics).
 * One report per participant and call; each becomes Micrometer figures.
 */
@Service
class CallQuality {

    enum CandidateType {
        @JsonProperty("host")
        HOST,
        @JsonProperty("srflx")
        SRFLX,
        @JsonProperty("prflx")
        PRFLX,
        @JsonProperty("relay")
        RELAY
    }

    enum FailedStage {
        @JsonProperty("ice")
        ICE,
        @JsonProperty("dtls")
        DTLS,
        @JsonProperty("media")
        MEDIA
    }

    record Report(
            @Schema(description = "From join to the peer connection's 'connected', in ms") @Min(0) @Max(600_000) Integer connectedMs,

            @Schema(description = "The selected candidate pair's local type")
            CandidateType candidateType,

            @Schema(description = "Where the connection failed, when it did")
            FailedStage failedStage,

            @Schema(description = "Average round-trip time, in ms") @Min(0) @Max(60_000) Integer rttMs) {}

    private final CallQueries calls;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Timer connectTime;
    private final DistributionSummary roundTrip;

    CallQuality(CallQueries calls, JdbcTemplate jdbc, Clock clock, MeterRegistry meters) {
        this.calls = calls;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        this.connectTime = Timer.builder("speedmatch.calls.connect")
                .description("WebRTC connection establishment time, from join to connected, as clients report it")
                .publishPercentileHistogram()
                .register(meters);
        this.roundTrip = DistributionSummary.builder("speedmatch.calls.rtt")
                .baseUnit("milliseconds")
                .description("Average round-trip time of a call, as clients report it")
                .publishPercentileHistogram()
                .register(meters);
    }

    /** Records a participant's report; 404 to anyone else, 409 for a second report. */
    @Transactional
    void record(long userId, UUID sessionId, Report report) {
        VideoSession video = calls.participantsCall(userId, sessionId);
        int stored = jdbc.update(
                """
                insert into call_quality (video_session_id, user_id, connected_ms, candidate_type, failed_stage, rtt_ms, created_at)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                """,
                video.getId(),
                userId,
                report.connectedMs(),
                code(report.candidateType()),
                code(report.failedStage()),
                report.rttMs(),
                Timestamp.from(clock.instant()));
        if (stored == 0) {
            throw new Conflict("Already reported", "The quality of this call was already reported by you");
        }
        if (report.connectedMs() != null) {
            connectTime.record(Duration.ofMillis(report.connectedMs()));
        }
        if (report.candidateType() != null) {
            Counter.builder("speedmatch.calls.candidates")
                    .description("Connected calls by selected candidate type")
                    .tag("type", code(report.candidateType()))
                    .register(meters)
                    .increment();
        }
        if (report.failedStage() != null) {
            Counter.builder("speedmatch.calls.failures")
                    .description("Call connections that failed, by stage")
                    .tag("stage", code(report.failedStage()))
                    .register(meters)
                    .increment();
        }
        if (report.rttMs() != null) {
            roundTrip.record(report.rttMs());
        }
    }

    private static String code(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    /** A closed account's reports of how its calls went describe its network and devices: erased. */
    @org.springframework.context.event.EventListener
    void accountClosed(AccountClosed closed) {
        jdbc.update("delete from call_quality where user_id = ?", closed.userId());
    }
}
