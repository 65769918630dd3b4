package com.speedmatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.web.internal.AdmissionControl;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission control: past the concurrency bound a request is answered 503 with Retry-After at
 * once, and admitted again as soon as one in flight is done. Driven with latches, not load.
 */
class AdmissionControlTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AdmissionControl control =
            new AdmissionControl(1, new ProblemWriter(JsonMapper.builder().build()), meters);

    @Test
    void oneRequestTooManyIsTurnedAwayAtOnceWith503AndRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> first =
                CompletableFuture.supplyAsync(() -> run("/api/continuous-matching/next-match", () -> {
                    inside.countDown();
                    await(release);
                }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        MockHttpServletResponse second = run("/api/continuous-matching/start", () -> {
            throw new AssertionError("a request past the bound must not be worked on");
        });
        assertThat(second.getStatus()).isEqualTo(503);
        assertThat(second.getHeader("Retry-After")).isEqualTo("1");
        assertThat(second.getContentType()).startsWith("application/problem+json");
        assertThat(second.getContentAsString()).contains("capacity");
        assertThat(meters.get("speedmatch.admission.rejected").counter().count())
                .isEqualTo(1);

        // Operators' endpoints, static files and the feed socket are never turned away.
        assertThat(run("/index.html", () -> {}).getStatus()).isEqualTo(200);
        assertThat(run("/api/events/ws", () -> {}).getStatus()).isEqualTo(200);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
        assertThat(run("/api/continuous-matching/start", () -> {}).getStatus()).isEqualTo(200);
    }

    /** Subscribing to push resolves a host first: slow DNS takes that lane's permits, never the API's. */
    @Test
    void requestsThatCheckSomethingRemoteAreAdmittedApart() throws Exception {
        AdmissionControl control = new AdmissionControl(
                1, 1, new ProblemWriter(JsonMapper.builder().build()), meters);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<MockHttpServletResponse> slow =
                CompletableFuture.supplyAsync(() -> run(control, "POST", "/api/push/subscriptions", () -> {
                    inside.countDown();
                    await(release);
                }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(run(control, "POST", "/api/push/subscriptions", () -> {}).getStatus())
                .isEqualTo(503);
        assertThat(run(control, "GET", "/api/continuous-matching/next-match", () -> {})
                        .getStatus())
                .isEqualTo(200);

        release.countDown();
        assertThat(slow.get(5, TimeUnit.SECONDS).getStatus()).isEqualTo(200);
    }

    private MockHttpServletResponse run(String path, Runnable work) {
        return run(control, "GET", path, work);
    }

    private static MockHttpServletResponse run(AdmissionControl control, String method, String path, Runnable work) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            control.doFilter(request, response, (req, res) -> work.run());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
