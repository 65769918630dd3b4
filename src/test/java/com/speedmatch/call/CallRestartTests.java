package com.speedmatch.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.Application;
import com.speedmatch.support.Dates;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.MutableClock;
import com.speedmatch.support.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Deadlines are columns, so a call still ends on time when the server restarted in between. */
class CallRestartTests extends IntegrationTest {

    @Test
    void anActiveCallEndsOnTimeAfterARestart() {
        Dates.Date date = Dates.joined(users());
        // The first server has stopped ending calls (as if it went down): the column is all that is left.
        MutableClock later = new MutableClock();
        later.advance(Duration.between(Instant.now(), clock.instant()).plusSeconds(181));
        TestDatabase.Connection db = TestDatabase.get();
        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(Application.class)
                .profiles("test")
                .initializers(context -> context.getBeanFactory().registerSingleton("restartClock", later))
                .properties(
                        "server.port=0",
                        "spring.datasource.url=" + db.url(),
                        "spring.datasource.username=" + db.username(),
                        "spring.datasource.password=" + db.password(),
                        "spring.main.allow-bean-definition-overriding=true",
                        "management.server.port=-1")
                .run()) {
            assertThat(restarted.getBean(Clock.class).instant())
                    .isAfter(clock.instant().plusSeconds(170));
            await().atMost(Duration.ofSeconds(3))
                    .until(() -> "completed"
                            .equals(jdbc.queryForObject(
                                    "select status from video_sessions where session_id = ?::uuid",
                                    String.class,
                                    date.videoSessionId())));
        }
        assertThat(jdbc.queryForObject(
                        "select end_reason from video_sessions where session_id = ?::uuid",
                        String.class,
                        date.videoSessionId()))
                .isEqualTo("time_up");
    }
}
