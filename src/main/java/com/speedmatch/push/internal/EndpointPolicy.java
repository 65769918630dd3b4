package com.speedmatch.push.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

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

    /** Resolves a host name, or fails; a lookup that outlives its deadline fails. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * The system's resolver with a hard deadline: {@code InetAddress} has none of its own, and a
     * slow DNS server must hold neither a request thread nor a push worker for longer. Lookups run
     * on a few threads of their own; when all of them hang, a lookup waits in their queue and fails
     * at its deadline all the same.
     */
    public static Resolver systemWithin(Duration deadline) {
        return within(InetAddress::getAllByName, deadline);
    }

    /** {@code resolver} with a hard deadline, run on the lookup threads. */
    static Resolver within(Resolver resolver, Duration deadline) {
        return host -> {
            Future<InetAddress[]> lookup;
            try {
                lookup = LOOKUPS.submit(() -> resolver.resolve(host));
            } catch (RejectedExecutionException e) {
                throw new UnknownHostException(host + ": too many lookups waiting");
            }
            try {
                return lookup.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                lookup.cancel(true);
                throw new UnknownHostException(host + " did not resolve within " + deadline.toMillis() + " ms");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof UnknownHostException unknown
                        ? unknown
                        : new UnknownHostException(host + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnknownHostException(host + ": interrupted");
            }
        };
    }

    private static final ExecutorService LOOKUPS =
            new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1_000), daemon("push-dns-"));

    static {
        ((ThreadPoolExecutor) LOOKUPS).allowCoreThreadTimeOut(true);
    }

    private static ThreadFactory daemon(String prefix) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }

    private final Mode mode;
    private final Resolver resolver;

    public EndpointPolicy(Mode mode) {
        this(mode, systemWithin(Duration.ofSeconds(2)));
    }

    public EndpointPolicy(Mode mode, Resolver resolver) {
        this.mode = mode;
        this.resolver = resolver;
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
            for (InetAddress address : resolver.resolve(uri.getHost())) {
                if (!isPublic(address)) {
                    return Optional.of("its host resolves to a non-public address");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("its host does not resolve (in time)");
        }
        return Optional.empty();
    }

    /** ::ffff:a.b.c.d, an IPv4 address written as IPv6: judged as the IPv4 address it is. */
    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
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
        if (address instanceof Inet6Address && isIpv4Mapped(b)) {
            try {
                return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
            } catch (UnknownHostException e) {
                return false;
            }
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
