package com.speedmatch.push.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which push endpoints the service will call. A subscription names a URL the service then POSTs
 * to: without a policy, anyone could make it call into its own network (Redis, the management
 * port, a cloud metadata address). {@code public-https} accepts https URLs whose host resolves to
 * public addresses only; it is checked when a subscription is stored and again, on the resolved
 * addresses, before every send (a name may resolve elsewhere later: DNS rebinding).
 */
public final class EndpointPolicy {

    public enum Mode {
        PUBLIC_HTTPS,
        ANY
    }

    private final Mode mode;

    public EndpointPolicy(Mode mode) {
        this.mode = mode;
    }

    /** Why the endpoint is refused, or empty when it may be called now. */
    public Optional<String> refusal(String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("not an http(s) URL with a host");
        }
        if (mode == Mode.ANY) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("not https");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                if (!isPublic(address)) {
                    return Optional.of("its host resolves to a non-public address");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("its host does not resolve");
        }
        return Optional.empty();
    }

    /** Public unicast: not loopback, private, link-local (cloud metadata), CGNAT, unique-local, multicast or reserved. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0
                    && !(first == 100 && second >= 64 && second <= 127) // CGNAT 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // 192.0.0/24
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking 198.18/15
                    && first < 240;
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            boolean uniqueLocal = (first & 0xfe) == 0xfc; // fc00::/7
            boolean nat64 = first == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            return !uniqueLocal && !nat64;
        }
        return false;
    }
}
