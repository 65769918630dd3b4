package com.speedmatch.runtime;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lombok.extern.slf4j.Slf4j;

/**
 * A named daemon thread that runs one step every {@code tick}, or at once when woken. It survives
 * whatever a step throws, errors included (a StackOverflowError in a pass, an OutOfMemoryError that
 * the rest of the JVM recovered from): the step is logged and the loop goes on, because a dead
 * matchmaker thread would leave every user waiting with nothing in the logs after the first line.
 */
@Slf4j
public final class BackgroundLoop {

    private final String name;
    private final Duration tick;
    private final Runnable step;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile Thread thread;
    private volatile boolean running;

    public BackgroundLoop(String name, Duration tick, Runnable step) {
        this.name = name;
        this.tick = tick;
        this.step = step;
    }

    /** Asks for a step as soon as possible; several wake-ups before it runs make one step. */
    public void wake() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            try {
                wakeUps.tryAcquire(tick.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!running) {
                return;
            }
            try {
                step.run();
            } catch (Throwable e) { // NOPMD: the loop must outlive any one step
                log.error("{} step failed; the next one runs as usual", name, e);
            }
        }
    }
}
