package com.speedmatch.push.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a push endpoint's host resolves to decides, and a slow DNS server holds nobody for long. */
class EndpointResolutionTests {

    private final CountDownLatch dnsAnswers = new CountDownLatch(1);

    @AfterEach
    void answer() {
        dnsAnswers.countDown();
    }

    /** A DNS answer of ::ffff:10.0.0.1 is the private 10.0.0.1, written as IPv6. */
    @Test
    void anIpv4MappedAnswerIsJudgedAsTheIpv4AddressItIs() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 10;
        mapped[15] = 1;
        InetAddress privateAsIpv6 = Inet6Address.getByAddress("push.example", mapped, -1);
        EndpointPolicy policy =
                new EndpointPolicy(EndpointPolicy.Mode.PUBLIC_HTTPS, host -> new InetAddress[] {privateAsIpv6});

        assertThat(policy.refusal("https://push.example/abc")).hasValue("its host resolves to a non-public address");
    }

    /** A lookup that never comes back is refused at its deadline; the caller is free again. */
    @Test
    void aDnsServerThatNeverAnswersIsRefusedAtTheDeadline() {
        EndpointPolicy policy = new EndpointPolicy(
                EndpointPolicy.Mode.PUBLIC_HTTPS,
                EndpointPolicy.within(
                        host -> {
                            try {
                                dnsAnswers.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return new InetAddress[] {InetAddress.getByAddress(new byte[] {8, 8, 8, 8})};
                        },
                        Duration.ofMillis(200)));

        CompletableFuture<Optional<String>> checked =
                CompletableFuture.supplyAsync(() -> policy.refusal("https://slow-dns.example/push"));

        await().atMost(Duration.ofSeconds(5)).until(checked::isDone);
        assertThat(checked.join()).hasValue("its host does not resolve (in time)");
    }
}
