package com.speedmatch.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.Api;
import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.Users;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * docs/spec.md "Counting is atomic": a burst of parallel wrong passwords reaches the password check at
 * most as often as the limit allows. The controllable step: every password check is held at a
 * gate until the whole burst has either reached it or been refused, so every attempt is in flight
 * at once, the worst case for a check-then-count limit.
 */
@Import(SignInBurstTests.GatedPasswords.class)
class SignInBurstTests extends IntegrationTest {

    static final AtomicInteger checks = new AtomicInteger();
    static volatile CountDownLatch gate = new CountDownLatch(0);

    @TestConfiguration
    static class GatedPasswords {

        @Bean
        @Primary
        PasswordEncoder gatedPasswordEncoder() {
            PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            return new PasswordEncoder() {
                @Override
                public String encode(CharSequence raw) {
                    return real.encode(raw);
                }

                @Override
                public boolean matches(CharSequence raw, String encoded) {
                    checks.incrementAndGet();
                    try {
                        gate.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return real.matches(raw, encoded);
                }
            };
        }
    }

    @Test
    void fortyParallelWrongPasswordsReachThePasswordCheckTenTimes() {
        Users.User anna = users().aWoman().register();
        String address = "203.0.113.40";
        checks.set(0);
        gate = new CountDownLatch(1);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(40);
        List<CompletableFuture<Integer>> burst = IntStream.range(0, 40)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> {
                            int status = login(anna.email, "wrong guess " + i, address)
                                    .status();
                            if (status == 429) {
                                refused.incrementAndGet();
                            }
                            return status;
                        },
                        clients))
                .toList();
        try {
            // Every attempt is either held at the password check or already refused.
            await().atMost(Duration.ofSeconds(20)).until(() -> checks.get() + refused.get() >= 40);
        } finally {
            gate.countDown();
        }
        List<Integer> statuses = burst.stream().map(CompletableFuture::join).toList();
        clients.shutdown();
        System.out.printf(
                "Sign-in burst: %d of 40 parallel wrong passwords reached the password check%n", checks.get());
        assertThat(checks.get()).isEqualTo(10);
        assertThat(statuses).filteredOn(s -> s == 401).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(30);
    }

    private Api.Response login(String email, String password, String address) {
        return api.send(api.request("/api/auth/login", null)
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(
                        Api.JSON.writeValueAsString(Map.of("email", email, "password", password)))));
    }
}
