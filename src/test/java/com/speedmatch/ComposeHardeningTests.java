package com.speedmatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The production compose file's hardening (README "Security"), read from the file itself so that
 * an edit cannot drop it silently: TURN relays only to public peers, Redis needs a password that
 * compose requires, the apps believe only their proxy's X-Forwarded-For, and only Prometheus reads
 * the metrics.
 */
class ComposeHardeningTests {

    static String compose;

    @BeforeAll
    static void read() throws IOException {
        compose = Files.readString(Path.of("docker-compose.yml"));
    }

    @Test
    void turnRelaysNeverReachPrivateLoopbackLinkLocalOrCgnatPeers() {
        assertThat(compose).contains("--no-multicast-peers", "--no-tcp-relay");
        List<String> ranges = List.of(
                "0.0.0.0-0.255.255.255",
                "10.0.0.0-10.255.255.255",
                "100.64.0.0-100.127.255.255",
                "127.0.0.0-127.255.255.255",
                "169.254.0.0-169.254.255.255",
                "172.16.0.0-172.31.255.255",
                "192.168.0.0-192.168.255.255",
                "::1",
                "::ffff:0.0.0.0-::ffff:255.255.255.255",
                "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
                "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
        assertThat(ranges).allSatisfy(range -> assertThat(compose).contains("--denied-peer-ip=" + range));
        assertThat(compose).doesNotContain("--allowed-peer-ip");
    }

    @Test
    void redisNeedsAPasswordThatComposeRequires() {
        assertThat(compose).contains("\"--requirepass\", \"${REDIS_PASSWORD:?");
        assertThat(compose).contains("SPRING_DATA_REDIS_PASSWORD: ${REDIS_PASSWORD:?");
        assertThat(compose).doesNotContainPattern("redis://[^:@\\s]*redis:6379");
    }

    @Test
    void theAppsBelieveOnlyTheirProxyAndOnlyPrometheusReadsMetrics() {
        assertThat(compose).contains("SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES: '172\\.28\\.0\\.10'");
        assertThat(compose).containsPattern("proxy:[\\s\\S]*?ipv4_address: 172\\.28\\.0\\.10");
        assertThat(compose).contains("OPERATIONS_METRICS_ALLOWED_NETWORKS: 127.0.0.1/32,172.28.0.20/32");
        assertThat(compose).containsPattern("prometheus:[\\s\\S]*?ipv4_address: 172\\.28\\.0\\.20");
        assertThat(compose).doesNotContain("10.0.0.0/8", "192.168.0.0/16");
    }
}
