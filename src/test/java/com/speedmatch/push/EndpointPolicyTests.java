package com.speedmatch.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.push.internal.EndpointPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/spec.md push.endpoint-policy: the service POSTs only to https endpoints on public addresses by default. */
class EndpointPolicyTests {

    private final EndpointPolicy policy = new EndpointPolicy(EndpointPolicy.Mode.PUBLIC_HTTPS);

    @Test
    void publicHttpsEndpointsOnly() {
        assertThat(policy.refusal("https://8.8.8.8/push/abc")).isEmpty();
        assertThat(policy.refusal("https://[2606:4700:4700::1111]/push")).isEmpty();
        List<String> refused = List.of(
                "http://8.8.8.8/push", // not https
                "https://127.0.0.1/push",
                "https://[::1]/push", // loopback
                "https://10.0.0.5/push",
                "https://172.16.3.4/push",
                "https://192.168.1.1/push", // private
                "https://169.254.169.254/latest/meta-data", // link-local: cloud metadata
                "https://100.64.0.7/push", // CGNAT
                "https://[fd00::1]/push",
                "https://[fe80::1]/push", // unique-local, link-local
                "https://0.0.0.0/push",
                "https://224.0.0.1/push",
                "https://240.0.0.1/push",
                "https://[::ffff:10.0.0.1]/push", // IPv4-mapped private
                "ftp://8.8.8.8/push",
                "not a url",
                "https:///nohost");
        assertThat(refused)
                .allSatisfy(endpoint ->
                        assertThat(policy.refusal(endpoint)).as(endpoint).isPresent());
    }

    @Test
    void anyAcceptsLocalServiceForTests() {
        EndpointPolicy any = new EndpointPolicy(EndpointPolicy.Mode.ANY);
        assertThat(any.refusal("http://127.0.0.1:8089/push")).isEmpty();
        assertThat(any.refusal("ftp://127.0.0.1/push")).isPresent();
    }
}
