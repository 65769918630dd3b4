package com.speedmatch.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.Api;
import com.speedmatch.support.Users;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A crowd of daters (11 women to 9 men, all in each other's ranges), each on a thread of its own
 * and on one instance of the service for good (instance {@code i % n} for the i-th). One crowd
 * runs many times, each run with a history of its own.
 */
final class Crowd {

    private final List<Dater> daters = new ArrayList<>();
    private volatile boolean stopping;
    private ExecutorService threads;
    private List<Future<?>> running;
    private History history;

    private Crowd() {}

    /** Signs up {@code size} users, a few at a time, as real sign-ups arrive. */
    static Crowd signUp(int size, List<Api> instances) throws Exception {
        Crowd crowd = new Crowd();
        ExecutorService signUps = Executors.newFixedThreadPool(4);
        try {
            List<Future<Dater>> signedUp = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Api api = instances.get(i % instances.size());
                // 55 % women: as on a real evening some always wait, so a fault finds people in the pool.
                boolean woman = i % 20 < 11;
                signedUp.add(signUps.submit(() -> {
                    Users users = new Users(api);
                    return new Dater(crowd, api, (woman ? users.aWoman() : users.aMan()).register());
                }));
            }
            for (Future<Dater> dater : signedUp) {
                crowd.daters.add(dater.get(2, TimeUnit.MINUTES));
            }
        } finally {
            signUps.shutdownNow();
        }
        return crowd;
    }

    List<Dater> daters() {
        return daters;
    }

    boolean stopping() {
        return stopping;
    }

    /** Everyone starts dating; what they see goes into a new history. */
    History start() {
        history = new History();
        stopping = false;
        threads = Executors.newFixedThreadPool(daters.size(), r -> {
            Thread thread = new Thread(r, "dater");
            thread.setDaemon(true);
            return thread;
        });
        running = daters.stream()
                .<Future<?>>map(dater -> threads.submit(() -> dater.run(history)))
                .toList();
        return history;
    }

    /** Everyone finishes the date they are on and leaves the pool; bounded by one stuck step. */
    void stop() throws Exception {
        stopping = true;
        try {
            for (Future<?> dater : running) {
                dater.get(Dater.STEP_NANOS * 2, TimeUnit.NANOSECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
}
