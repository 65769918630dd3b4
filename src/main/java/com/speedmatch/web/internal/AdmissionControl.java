package com.speedmatch.web.internal;

import com.speedmatch.shared.Unavailable;
import com.speedmatch.web.Admission;
import com.speedmatch.web.ProblemWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Admission control: at most {@code admission.max-concurrent} API requests are worked on at once
 * (a parked long-poll counts only until it parks). One more is answered 503 with
 * {@code Retry-After: 1} at once, before authentication or any database work, instead of waiting
 * up to the connection timeout (2 s) for a pooled connection and then failing anyway: under a
 * flash crowd the service keeps answering the requests it admitted at their usual speed, and the
 * clients it turned away retry a second later. The feed's socket is not counted: it holds no
 * request open once upgraded. Requests that check something remote before they answer (a push
 * subscription: the endpoint's host is resolved, within {@code push.dns-timeout}) are admitted
 * apart, at most {@code admission.remote-checks-max-concurrent} at once: slow DNS holds their own
 * permits, never the ones every other request needs.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class AdmissionControl extends OncePerRequestFilter implements Admission {

    private final Semaphore permits;
    private final Semaphore remoteChecks;
    private final ProblemWriter problems;
    private final Counter turnedAway;

    public AdmissionControl(int maxConcurrent, ProblemWriter problems, MeterRegistry meters) {
        this(maxConcurrent, 8, problems, meters);
    }

    @Autowired
    public AdmissionControl(
            @Value("${admission.max-concurrent:64}") int maxConcurrent,
            @Value("${admission.remote-checks-max-concurrent:8}") int remoteChecksMaxConcurrent,
            ProblemWriter problems,
            MeterRegistry meters) {
        this.permits = new Semaphore(maxConcurrent);
        this.remoteChecks = new Semaphore(remoteChecksMaxConcurrent);
        this.problems = problems;
        this.turnedAway = Counter.builder("speedmatch.admission.rejected")
                .description("API requests answered 503 at once because the service was at capacity")
                .register(meters);
        Gauge.builder("speedmatch.admission.in.flight", permits, p -> maxConcurrent - p.availablePermits())
                .description("API requests being worked on")
                .register(meters);
    }

    @Override
    public boolean tryEnter() {
        if (permits.tryAcquire()) {
            return true;
        }
        turnedAway.increment();
        return false;
    }

    @Override
    public void leave() {
        permits.release();
    }

    private static boolean checksSomethingRemote(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && "/api/push/subscriptions".equals(request.getRequestURI());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") || path.equals("/api/events/ws");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Semaphore lane = checksSomethingRemote(request) ? remoteChecks : permits;
        if (!lane.tryAcquire()) {
            turnedAway.increment();
            problems.write(
                    response,
                    new Unavailable(
                            "Service busy", "The service is at capacity; retry in a second", Duration.ofSeconds(1)));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            lane.release();
        }
    }
}
