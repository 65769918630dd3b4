package com.speedmatch.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.netcrusher.core.reactor.NioReactor;
import org.netcrusher.core.throttle.DelayThrottler;
import org.netcrusher.core.throttle.Throttler;
import org.netcrusher.core.throttle.rate.ByteRateThrottler;
import org.netcrusher.tcp.TcpCrusher;
import org.netcrusher.tcp.TcpCrusherBuilder;

/**
 * A TCP link between the service and one of its stores (PostgreSQL, Redis) that a test can break:
 * netcrusher, an in-process proxy, with the faults a real network and a real peer have. The service
 * is configured with {@link #port()} instead of the store's own.
 */
public final class FaultyLink implements AutoCloseable {

    /** What goes wrong between the service and the store while a fault lasts. */
    public enum Fault {
        /** The peer stops answering and every socket stays open: a paused VM, a stalled disk, a partition. */
        FREEZE,
        /** Every connection is reset (RST), again every half second: reconnects are cut mid-transaction too. */
        RESET,
        /** Each answer from the store arrives 200 ms late: 200 ms more for every round trip. */
        LATENCY,
        /** The whole link carries 256 KiB a second each way, shared by every connection. */
        THROTTLE;

        String label() {
            return name().toLowerCase();
        }
    }

    static final Duration LATENCY = Duration.ofMillis(200);
    static final long BYTES_PER_SECOND = 256 * 1024;

    private final NioReactor reactor;
    private final TcpCrusher crusher;
    private final ScheduledExecutorService resets = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "faulty-link-resets");
        thread.setDaemon(true);
        return thread;
    });
    // Read and changed on netcrusher's reactor thread and the test's: volatile, and the throttlers
    // themselves only ever touched by the one reactor thread.
    private volatile Throttler fromStore = Throttler.NOOP;
    private volatile Throttler toStore = Throttler.NOOP;
    private volatile Fault fault;
    private ScheduledFuture<?> resetting;

    private FaultyLink(String host, int port) {
        try {
            reactor = new NioReactor();
            crusher = TcpCrusherBuilder.builder()
                    .withReactor(reactor)
                    .withBindAddress("127.0.0.1", freePort())
                    .withConnectAddress(host, port)
                    // A closed pair sends RST, not FIN: what a reset connection looks like to the driver.
                    .withLingerMs(0)
                    .withIncomingThrottlerFactory(address -> buffer -> toStore.calculateDelayNs(buffer))
                    .withOutgoingThrottlerFactory(address -> buffer -> fromStore.calculateDelayNs(buffer))
                    .buildAndOpen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FaultyLink to(String host, int port) {
        return new FaultyLink(host, port);
    }

    /** Where the service connects instead of the store. */
    public int port() {
        return crusher.getBindAddress().getPort();
    }

    public synchronized void inject(Fault injected) {
        heal();
        fault = injected;
        switch (injected) {
            case FREEZE -> crusher.freeze();
            case RESET ->
                resetting = resets.scheduleWithFixedDelay(crusher::closeAllPairs, 0, 500, TimeUnit.MILLISECONDS);
            case LATENCY -> fromStore = new DelayThrottler(LATENCY.toMillis(), TimeUnit.MILLISECONDS);
            case THROTTLE -> {
                toStore = new ByteRateThrottler(BYTES_PER_SECOND, 1, TimeUnit.SECONDS);
                fromStore = new ByteRateThrottler(BYTES_PER_SECOND, 1, TimeUnit.SECONDS);
            }
        }
    }

    public synchronized void heal() {
        if (fault == null) {
            return;
        }
        if (resetting != null) {
            resetting.cancel(false);
            resetting = null;
        }
        if (crusher.isFrozen()) {
            crusher.unfreeze();
        }
        fromStore = Throttler.NOOP;
        toStore = Throttler.NOOP;
        fault = null;
    }

    @Override
    public void close() {
        resets.shutdownNow();
        crusher.close();
        reactor.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
