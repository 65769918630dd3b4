package com.speedmatch.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A load driver for the whole journey, in two profiles.
 *
 * <p>{@code --profile calls} (the default): real dates. Calls last what the server says (180 s by
 * default). Half the users (by {@code --guide-share}) run {@link GuideClient the guide's client}
 * exactly as the guide writes it, the rest {@link ReferenceClient our reference client} as it
 * behaves now (one feed). Users go round the pool, a call, a decision, and again. Each level ramps
 * up, settles, and is then measured for {@code --seconds} (at least one whole call cycle); every
 * {@code --window} seconds a line shows the throughput and the CPU per request of the app, of
 * PostgreSQL and of the driver, which is how a warm-up is seen to be over.
 *
 * <p>{@code --profile churn}: the earlier model, the worst case for the matchmaker and the calls.
 * Each {@link VirtualUser} waits, takes a (short: run.sh sets 10 s) call, decides and goes again;
 * the guide's polling style against next-match and signals long-polled.
 *
 * <p>Afterwards the run's invariants are checked by SQL. Run through {@code src/test/load/run.sh}.
 */
public final class JourneyLoad {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int ICE_PER_SIDE = 5;

    final String base;
    /** Where health and metrics answer (management.server.port). */
    final String management;

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    /** The errors of the measured period alone (not the ramp, nor the hang-ups when the level ends). */
    final Map<String, AtomicLong> measuredErrors = new ConcurrentHashMap<>();

    final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    final Map<String, Histogram> journey = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    volatile long deadline;

    /** A registered user and their access token. */
    record Account(long id, String token, String gender) {}

    /** Timers of the clients (the guide's heartbeat, the waiting screen's figures): one pool for all. */
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(32, r -> {
        Thread t = new Thread(r, "client-timer");
        t.setDaemon(true);
        return t;
    });
    /** What the users are doing right now. */
    final AtomicInteger waiting = new AtomicInteger();

    final AtomicInteger inCall = new AtomicInteger();
    final AtomicInteger deciding = new AtomicInteger();
    /** Per-endpoint figures are kept only while measuring; the window figures always. */
    volatile boolean measuring = true;
    /** The share of guide clients in this level, for its verdict line. */
    double levelShare;
    /** Whether reference clients hold the feed over the WebSocket (as the page does) or long-poll: --transport. */
    static volatile boolean overSocket = true;

    final AtomicLong measuredRequests = new AtomicLong();
    /** The server's timers when this level's measuring began. */
    volatile ServerHistograms serverAtStart;

    volatile Histogram window = new ConcurrentHistogram(3);
    final AtomicLong windowRequests = new AtomicLong();

    JourneyLoad(String base) {
        this.base = base;
        this.management = System.getProperty("load.management", base.replaceFirst(":(\\d+)$", ":8081"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(
                Map.of("--base", "http://localhost:8080", "--levels", "50", "--seconds", "60", "--guide-share", "0.5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (options.containsKey("--management")) {
            System.setProperty("load.management", options.get("--management"));
        }
        System.out.printf(
                "SpeedMatch journey load: %s, %d cores, %s%n",
                options, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        List<String> verdicts = new ArrayList<>();
        CpuMeter cpu = new CpuMeter(Long.parseLong(options.getOrDefault("--app-pid", "0")));
        if (options.containsKey("--endpoint-cpu")) {
            new JourneyLoad(options.get("--base")).endpointCpu(Integer.parseInt(options.get("--endpoint-cpu")), cpu);
        }
        overSocket = !options.getOrDefault("--transport", "socket").equals("poll");
        if (options.getOrDefault("--profile", "calls").equals("flash")) {
            JourneyLoad load = new JourneyLoad(options.get("--base"));
            int users = Integer.parseInt(options.get("--levels").split(",")[0].trim());
            List<Account> accounts = load.register(users);
            if (options.containsKey("--warmup-seconds")) {
                new JourneyLoad(options.get("--base"))
                        .runCalls(
                                accounts,
                                Math.min(users, 500),
                                Double.parseDouble(options.get("--guide-share")),
                                30,
                                0,
                                Integer.parseInt(options.get("--warmup-seconds")),
                                30,
                                cpu);
                System.out.println("(warm-up above, not a level)");
            }
            verdicts.add(new JourneyLoad(options.get("--base"))
                    .flash(
                            accounts,
                            users,
                            Double.parseDouble(options.get("--guide-share")),
                            Integer.parseInt(options.getOrDefault("--ramp-seconds", "10")),
                            Integer.parseInt(options.get("--seconds")),
                            cpu));
            finish(options, verdicts);
            return;
        }
        if (options.getOrDefault("--profile", "calls").equals("calls")) {
            JourneyLoad load = new JourneyLoad(options.get("--base"));
            // A level is "users" or "users@guide share", e.g. 2000@0.5,1500@1,5000@0.
            double share = Double.parseDouble(options.get("--guide-share"));
            List<double[]> levels = Arrays.stream(options.get("--levels").split(","))
                    .map(String::trim)
                    .map(l -> l.contains("@")
                            ? new double[] {
                                Integer.parseInt(l.substring(0, l.indexOf('@'))),
                                Double.parseDouble(l.substring(l.indexOf('@') + 1))
                            }
                            : new double[] {Integer.parseInt(l), share})
                    .toList();
            int most = levels.stream().mapToInt(l -> (int) l[0]).max().orElse(0);
            long signUp = System.nanoTime();
            List<Account> accounts = load.register(most);
            System.out.printf(
                    "Signed up %d users in %d s (bcrypt; not part of any level)%n",
                    accounts.size(), (System.nanoTime() - signUp) / 1_000_000_000L);
            int ramp = Integer.parseInt(options.getOrDefault("--ramp-seconds", "60"));
            int settle = Integer.parseInt(options.getOrDefault("--settle-seconds", "60"));
            int window = Integer.parseInt(options.getOrDefault("--window", "30"));
            int warmup = Integer.parseInt(options.getOrDefault("--warmup-seconds", "0"));
            if (warmup > 0) {
                // The JIT compiles the hot paths; the window lines show CPU per request falling until it is done.
                new JourneyLoad(options.get("--base"))
                        .runCalls(
                                accounts,
                                Math.min(
                                        accounts.size(),
                                        Integer.parseInt(options.getOrDefault("--warmup-users", "500"))),
                                share,
                                ramp,
                                0,
                                warmup,
                                window,
                                cpu);
                System.out.println("(warm-up above, not a level)");
            }
            for (double[] level : levels) {
                int users = (int) level[0];
                if (users == 0) {
                    continue;
                }
                verdicts.add(new JourneyLoad(options.get("--base"))
                        .runCalls(
                                accounts,
                                Math.min(users, accounts.size()),
                                level[1],
                                ramp,
                                settle,
                                Integer.parseInt(options.get("--seconds")),
                                window,
                                cpu));
            }
            finish(options, verdicts);
            return;
        }
        int warmup = Integer.parseInt(options.getOrDefault("--warmup-seconds", "20"));
        if (warmup > 0) {
            // The server's JIT compiles the hot paths here; these figures are not reported.
            new JourneyLoad(options.get("--base")).run(20, warmup, Double.parseDouble(options.get("--guide-share")));
            System.out.println("(warm-up: 20 users for " + warmup + " s, not reported)");
        }
        for (String level : options.get("--levels").split(",")) {
            int users = Integer.parseInt(level.trim());
            JourneyLoad run = new JourneyLoad(options.get("--base"));
            run.run(
                    users,
                    Integer.parseInt(options.get("--seconds")),
                    Double.parseDouble(options.get("--guide-share")));
            verdicts.add(run.report(users, Integer.parseInt(options.get("--seconds"))));
        }
        if (options.containsKey("--throughput-seconds")) {
            new JourneyLoad(options.get("--base")).throughput(Integer.parseInt(options.get("--throughput-seconds")));
        }
        if (options.containsKey("--pool-sizes") && options.containsKey("--jdbc")) {
            PoolGrowth.measure(
                    new JourneyLoad(options.get("--base")),
                    options.get("--pool-sizes"),
                    options.get("--jdbc"),
                    options.getOrDefault("--db-user", "postgres"),
                    options.getOrDefault("--db-password", ""));
        }
        finish(options, verdicts);
    }

    private static void finish(Map<String, String> options, List<String> verdicts) throws Exception {
        if (options.containsKey("--jdbc")) {
            invariants(
                    options.get("--jdbc"),
                    options.getOrDefault("--db-user", "postgres"),
                    options.getOrDefault("--db-password", ""));
        }
        System.out.println();
        System.out.println("Levels:");
        verdicts.forEach(System.out::println);
    }

    void run(int users, int seconds, double guideShare) throws InterruptedException {
        levelShare = guideShare;
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<VirtualUser> people = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            // Both genders get both styles in the proportion asked: pairs of users alternate.
            boolean guide = Math.floor((i / 2 + 1) * guideShare) > Math.floor((i / 2) * guideShare);
            people.add(new VirtualUser(this, "load-" + runId + "-" + i, i % 2 == 0 ? "woman" : "man", guide));
        }
        // Sign-up first (bcrypt is the costliest request by far), then the level's clock starts.
        var signUps = Executors.newFixedThreadPool(8);
        people.forEach(p -> signUps.submit(p::register));
        signUps.shutdown();
        signUps.awaitTermination(30, TimeUnit.MINUTES);

        deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(users);
        for (VirtualUser person : people) {
            Thread thread = new Thread(() -> {
                try {
                    person.live();
                } catch (Exception e) {
                    errors.computeIfAbsent("driver: " + e.getClass().getSimpleName(), k -> new AtomicLong())
                            .incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            thread.setDaemon(true);
            thread.start();
            LockSupport.parkNanos(Math.max(1, 5_000 / users) * 1_000_000L); // ramp up over about 5 s
        }
        done.await();
    }

    boolean timeLeft() {
        return System.nanoTime() < deadline;
    }

    long secondsLeft() {
        return Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000);
    }

    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Answer call(String name, String method, String path, String token, Object body, int... expected) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(
                            method,
                            HttpRequest.BodyPublishers.ofString(
                                    body instanceof String s ? s : JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            if (measuring) {
                latency.computeIfAbsent(name, k -> new ConcurrentHistogram(3)).recordValue(Math.max(1, micros));
                measuredRequests.incrementAndGet();
            }
            if (!name.contains("(wait)")) {
                window.recordValue(Math.max(1, micros));
            }
            windowRequests.incrementAndGet();
            requests.incrementAndGet();
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            boolean tolerated = false;
            for (int e : expected) {
                tolerated |= e == status;
            }
            if (!ok) {
                (tolerated ? refusals : errors)
                        .computeIfAbsent(name + " " + status, k -> new AtomicLong())
                        .incrementAndGet();
                if (!tolerated && measuring) {
                    measuredErrors
                            .computeIfAbsent(name + " " + status, k -> new AtomicLong())
                            .incrementAndGet();
                }
            }
            String text = response.body();
            return new Answer(status, text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text));
        } catch (Exception e) {
            errors.computeIfAbsent(name + " " + e.getClass().getSimpleName(), k -> new AtomicLong())
                    .incrementAndGet();
            if (measuring) {
                measuredErrors
                        .computeIfAbsent(name + " " + e.getClass().getSimpleName(), k -> new AtomicLong())
                        .incrementAndGet();
            }
            return new Answer(0, JSON.missingNode());
        }
    }

    /** Something that is not a request (a socket's frame answered) timed like one. */
    void recordLatency(String name, long nanos) {
        long micros = Math.max(1, nanos / 1000);
        if (measuring) {
            latency.computeIfAbsent(name, k -> new ConcurrentHistogram(3)).recordValue(micros);
            measuredRequests.incrementAndGet();
        }
        window.recordValue(micros);
        windowRequests.incrementAndGet();
        requests.incrementAndGet();
    }

    /** A failure that is not a request's (a socket closed under a client). */
    void error(String what) {
        errors.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        if (measuring) {
            measuredErrors.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }
    }

    void recordJourney(String what, long nanos) {
        if (!measuring) {
            return;
        }
        journey.computeIfAbsent(what, k -> new ConcurrentHistogram(3)).recordValue(Math.max(1, nanos / 1000));
    }

    String report(int users, int seconds) {
        System.out.println();
        long journeyRequests = measuredRequests.get()
                - latency.getOrDefault("POST /auth/register", new Histogram(3)).getTotalCount();
        System.out.printf(
                "== %d users, %d s: %,d journey requests (%.0f/s) after sign-up, %d calls completed%n",
                users, seconds, journeyRequests, journeyRequests / (double) seconds, calls.get());
        System.out.printf("%-34s %9s %9s %9s %9s %9s%n", "endpoint", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        double worstP99 = 0;
        for (var entry : new TreeMap<>(latency).entrySet()) {
            Histogram h = entry.getValue();
            System.out.printf(
                    "%-34s %9d %9.1f %9.1f %9.1f %9.1f%n",
                    entry.getKey(),
                    h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getMaxValue()));
            if (!entry.getKey().contains("wait") && !entry.getKey().contains("register")) {
                worstP99 = Math.max(worstP99, ms(h.getValueAtPercentile(99)));
            }
        }
        System.out.printf("%-34s %9s %9s %9s %9s %9s%n", "journey", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (var entry : new TreeMap<>(journey).entrySet()) {
            Histogram h = entry.getValue();
            System.out.printf(
                    "%-34s %9d %9.1f %9.1f %9.1f %9.1f%n",
                    entry.getKey(),
                    h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getMaxValue()));
        }
        if (serverAtStart != null) {
            ServerHistograms.scrape(this).printSince(serverAtStart);
        }
        long errorCount =
                measuredErrors.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.println("errors while measuring: " + (measuredErrors.isEmpty() ? "none" : measuredErrors));
        System.out.println("errors in the whole level (ramp and the hang-ups at its end too): "
                + (errors.isEmpty() ? "none" : errors));
        System.out.println("expected refusals (call over, cancelled): " + (refusals.isEmpty() ? "none" : refusals));
        return String.format(
                Locale.ROOT,
                "%6d users (guide share %.2f): %8.0f req/s, worst non-long-poll p99 %7.1f ms, %d errors -> %s",
                users,
                levelShare,
                journeyRequests / (double) seconds,
                worstP99,
                errorCount,
                worstP99 <= 250 && errorCount == 0 ? "holds" : "BROKEN (p99 > 250 ms or errors)");
    }

    /**
     * next-match for a waiting user against GET /api/auth/check (authenticated, does nothing),
     * in the same run: the ratio is what our work costs beyond the framework and the JWT filter.
     */
    void throughput(int seconds) throws InterruptedException {
        VirtualUser waiting = new VirtualUser(this, "throughput-" + System.nanoTime(), "nonbinary", false);
        waiting.register();
        String sessionId = waiting.startAlone();
        String token = waiting.token();
        int threads = 16;
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("GET /api/auth/check", "/api/auth/check");
        paths.put("GET next-match (waiting, no wait)", "/api/continuous-matching/next-match?session_id=" + sessionId);
        System.out.println();
        System.out.printf("Throughput, %d client threads, %d s each:%n", threads, seconds);
        Map<String, Double> rates = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) { // the first round warms up both
            for (var entry : paths.entrySet()) {
                AtomicLong count = new AtomicLong();
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread worker = new Thread(() -> {
                        while (System.nanoTime() < end) {
                            if (call(entry.getKey(), "GET", entry.getValue(), token, null)
                                    .ok()) {
                                count.incrementAndGet();
                            }
                        }
                    });
                    worker.start();
                    workers.add(worker);
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                rates.put(entry.getKey(), count.get() / (double) seconds);
            }
        }
        rates.forEach((name, rate) -> System.out.printf("  %-36s %8.0f req/s%n", name, rate));
        System.out.printf(
                "  next-match / check = %.2f%n",
                rates.get("GET next-match (waiting, no wait)") / rates.get("GET /api/auth/check"));
    }

    // What both realistic clients share.

    /** Registers {@code count} users, half women and half men who want each other, 8 at a time. */
    List<Account> register(int count) throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<Account> accounts = Collections.synchronizedList(new ArrayList<>());
        var signUps = Executors.newFixedThreadPool(8);
        for (int i = 0; i < count; i++) {
            String gender = i % 2 == 0 ? "woman" : "man";
            String name = "load-" + runId + "-" + i;
            signUps.submit(() -> {
                Answer registered = call(
                        "POST /auth/register",
                        "POST",
                        "/api/auth/register",
                        null,
                        Map.of(
                                "email",
                                name + "@load.example",
                                "password",
                                "load test password",
                                "name",
                                name,
                                "birth_date",
                                birthDate(),
                                "gender",
                                gender,
                                "interested_in",
                                List.of(gender.equals("woman") ? "man" : "woman"),
                                "interests",
                                List.of("jazz", "hiking")));
                if (registered.ok()) {
                    accounts.add(new Account(
                            registered.body().get("user").get("id").asLong(),
                            registered.body().get("access_token").asString(),
                            gender));
                }
            });
        }
        signUps.shutdown();
        signUps.awaitTermination(60, TimeUnit.MINUTES);
        accounts.sort(Comparator.comparingLong(Account::id));
        return new ArrayList<>(accounts);
    }

    /** The offer or the answer, then five ICE candidates, each stamped for the relay latency. */
    void sendOfferOrAnswer(Account me, String video, String type) {
        sendOfferOrAnswer(me, video, type, null);
    }

    /** The same, as frames on {@code socket} when there is one. */
    void sendOfferOrAnswer(Account me, String video, String type, FeedSocket socket) {
        sendStamped(me, video, type, Map.of("type", type, "sdp", "v=0 " + type + " from " + me.id()), socket);
        for (int i = 0; i < ICE_PER_SIDE; i++) {
            sendStamped(
                    me,
                    video,
                    "ice-candidate",
                    Map.of(
                            "candidate",
                            "candidate:" + i + " 1 udp 2122260223 127.0.0.1 5000" + i + " typ host",
                            "sdpMid",
                            "0"),
                    socket);
        }
    }

    private void sendStamped(Account me, String video, String type, Map<String, Object> data, FeedSocket socket) {
        Map<String, Object> stamped = new HashMap<>(data);
        stamped.put("sent_nanos", System.nanoTime());
        if (socket != null) {
            socket.signal(video, type, stamped);
            return;
        }
        call(
                "POST /video/send-signal",
                "POST",
                "/api/video/send-signal",
                me.token(),
                Map.of("session_id", video, "type", type, "data", stamped, "target_user_id", 0),
                409);
    }

    /** A signal arrived: how long it took from send to the client's hands. */
    void received(JsonNode data, String style) {
        received(data, style, System.nanoTime());
    }

    void received(JsonNode data, String style, long arrived) {
        if (data != null && data.has("sent_nanos")) {
            recordJourney(
                    "signal relay, " + style, arrived - data.get("sent_nanos").asLong());
        }
    }

    /** A person deciding about a date: 2 to 6 seconds. */
    void think() {
        pause(2000 + random(4000));
    }

    /** Half continue, a quarter next, a quarter skip; a call that never started is always next. */
    String decision(boolean started) {
        int roll = random(100);
        return !started ? "next" : roll < 50 ? "continue" : roll < 75 ? "next" : "skip";
    }

    int random(int bound) {
        return ThreadLocalRandom.current().nextInt(bound);
    }

    static void pause(long millis) {
        LockSupport.parkNanos(millis * 1_000_000L);
    }

    /**
     * One level of the calls profile: {@code users} of the accounts, started evenly over
     * {@code ramp} seconds, left {@code settle} seconds more, then measured for {@code seconds}.
     * Prints a line every {@code windowSeconds}; returns the level's verdict.
     */
    String runCalls(
            List<Account> accounts,
            int users,
            double guideShare,
            int ramp,
            int settle,
            int seconds,
            int windowSeconds,
            CpuMeter cpu)
            throws InterruptedException {
        measuring = false;
        levelShare = guideShare;
        long start = System.nanoTime();
        deadline = start + Duration.ofSeconds(ramp + settle + seconds).toNanos();
        List<Thread> threads = startClients(accounts, users, guideShare, ramp);
        return measureCalls(threads, users, guideShare, ramp, settle, seconds, windowSeconds, cpu, start);
    }

    /**
     * The flash crowd of a date night: {@code users} press start within {@code ramp} seconds, all
     * measured from the first. Prints how long after the last start everyone who can be paired was
     * (nobody left waiting but an odd one out), and the level's verdict with the starts' p99.
     */
    String flash(List<Account> accounts, int users, double guideShare, int ramp, int seconds, CpuMeter cpu)
            throws InterruptedException {
        measuring = true;
        serverAtStart = ServerHistograms.scrape(this);
        levelShare = guideShare;
        long start = System.nanoTime();
        deadline = start + Duration.ofSeconds(ramp + seconds).toNanos();
        CpuMeter.Sample before = cpu.sample();
        List<Thread> threads = startClients(accounts, users, guideShare, ramp);
        long lastStart = start + Duration.ofSeconds(ramp).toNanos();
        pause(Duration.ofSeconds(ramp).toMillis());
        long allPaired = -1;
        while (System.nanoTime() < deadline && allPaired < 0) {
            if (waiting.get() <= 1 && inCall.get() >= users - 1 - deciding.get()) {
                allPaired = (System.nanoTime() - lastStart) / 1_000_000;
            }
            pause(20);
        }
        CpuMeter.Sample used = cpu.sample().minus(before);
        System.out.printf(Locale.ROOT, "%n== flash crowd: %d users pressed start within %d s%n", users, ramp);
        System.out.println(
                allPaired >= 0
                        ? "Everyone who could be paired was paired " + allPaired + " ms after the last start"
                        : "NOT everyone was paired within " + seconds + " s of the last start: " + waiting.get()
                                + " still waiting");
        System.out.printf(
                Locale.ROOT,
                "CPU from the first start until then: app %.1f s, PostgreSQL %.1f s, driver %.1f s%n",
                used.app() / 1e9,
                used.postgres() / 1e9,
                used.driver() / 1e9);
        pause(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(90).toMillis());
        }
        return report(users, ramp + seconds)
                + String.format(Locale.ROOT, ", all paired %d ms after the last start", allPaired);
    }

    private List<Thread> startClients(List<Account> accounts, int users, double guideShare, int ramp) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            Account account = accounts.get(i);
            boolean guide = Math.floor((i / 2 + 1) * guideShare) > Math.floor((i / 2) * guideShare);
            Runnable client = guide ? new GuideClient(this, account) : new ReferenceClient(this, account, overSocket);
            long delay = (long) ramp * 1_000_000_000L * i / Math.max(1, users);
            Thread thread = new Thread(
                    () -> {
                        LockSupport.parkNanos(delay);
                        try {
                            client.run();
                        } catch (RuntimeException e) {
                            errors.computeIfAbsent("driver: " + e, k -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    },
                    "user-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        return threads;
    }

    private String measureCalls(
            List<Thread> threads,
            int users,
            double guideShare,
            int ramp,
            int settle,
            int seconds,
            int windowSeconds,
            CpuMeter cpu,
            long start)
            throws InterruptedException {
        System.out.printf(
                "%n== calls profile: %d users (guide share %.2f), ramp %d s, settle %d s, measured %d s%n",
                users, guideShare, ramp, settle, seconds);
        System.out.printf(
                "%6s %6s %6s %6s %8s %9s %9s %9s %9s %9s%n",
                "t s", "wait", "call", "decide", "req/s", "p50 ms", "p99 ms", "app ms/r", "pg ms/r", "drv ms/r");
        CpuMeter.Sample measureStart = null;
        long measureRequestsStart = 0;
        CpuMeter.Sample last = cpu.sample();
        while (System.nanoTime() < deadline) {
            // The last window ends with the level, so the hang-ups after it are not measured.
            pause(Math.min(windowSeconds * 1000L, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (measureStart == null
                    && System.nanoTime() - start
                            >= Duration.ofSeconds(ramp + settle).toNanos()) {
                latency.clear();
                journey.clear();
                measuredRequests.set(0);
                measuring = true;
                serverAtStart = ServerHistograms.scrape(this);
                measureStart = cpu.sample();
                measureRequestsStart = requests.get();
                System.out.println("   -- measuring from here --");
            }
            CpuMeter.Sample now = cpu.sample();
            CpuMeter.Sample used = now.minus(last);
            last = now;
            Histogram h = window;
            window = new ConcurrentHistogram(3);
            long n = Math.max(1, windowRequests.getAndSet(0));
            System.out.printf(
                    "%6d %6d %6d %6d %8.0f %9.1f %9.1f %9.3f %9.3f %9.3f%n",
                    (now.at() - start) / 1_000_000_000L,
                    waiting.get(),
                    inCall.get(),
                    deciding.get(),
                    n / (used.at() / 1e9),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(99)),
                    used.app() / 1e6 / n,
                    used.postgres() / 1e6 / n,
                    used.driver() / 1e6 / n);
        }
        measuring = false;
        CpuMeter.Sample measureEnd = cpu.sample();
        long measured = requests.get() - measureRequestsStart;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(90).toMillis());
        }
        String verdict = report(users, seconds);
        if (measureStart != null) {
            CpuMeter.Sample used = measureEnd.minus(measureStart);
            double perRequest = 1e6 * Math.max(1, measured);
            System.out.printf(
                    Locale.ROOT,
                    "CPU per request over the measured %d s: app %.3f ms, PostgreSQL %.3f ms, driver %.3f ms"
                            + " (busy, in %% of one core, of %d: app %.0f%%, PostgreSQL %.0f%%, driver %.0f%%); %.1f requests per user per minute%n",
                    seconds,
                    used.app() / perRequest,
                    used.postgres() / perRequest,
                    used.driver() / perRequest,
                    Runtime.getRuntime().availableProcessors(),
                    100.0 * used.app() / used.at(),
                    100.0 * used.postgres() / used.at(),
                    100.0 * used.driver() / used.at(),
                    measured * 60.0 / seconds / users);
        }
        return verdict;
    }

    /**
     * CPU per request of each hot endpoint alone: 16 client threads for {@code seconds} each, after
     * a first round over all of them to warm up, app and PostgreSQL CPU divided by the requests answered. Endpoints
     * the server does not have (an older build) are left out.
     */
    void endpointCpu(int seconds, CpuMeter cpu) throws InterruptedException {
        List<Account> two = register(2);
        Account anna = two.get(0).gender().equals("woman") ? two.get(0) : two.get(1);
        Account ben = anna == two.get(0) ? two.get(1) : two.get(0);
        VirtualUser alone = new VirtualUser(this, "alone-" + System.nanoTime(), "nonbinary", false);
        alone.register();
        String waitingSession = alone.startAlone();
        String annasSession = call(
                        "POST /matching/start",
                        "POST",
                        "/api/continuous-matching/start",
                        anna.token(),
                        Map.of("min_age", 18, "max_age", 80))
                .body()
                .get("session_id")
                .asString();
        call(
                "POST /matching/start",
                "POST",
                "/api/continuous-matching/start",
                ben.token(),
                Map.of("min_age", 18, "max_age", 80));
        String video = null;
        for (int i = 0; i < 100 && video == null; i++) {
            JsonNode answer = call(
                            "next-match",
                            "GET",
                            "/api/continuous-matching/next-match?session_id=" + annasSession,
                            anna.token(),
                            null)
                    .body();
            video = answer.get("match_found").asBoolean()
                    ? answer.get("match_data").get("video_session_id").asString()
                    : null;
            pause(200);
        }
        if (video == null) {
            System.out.println("Endpoint CPU: the two users were not paired; is the pool empty?");
            return;
        }
        call("join", "POST", "/api/video/join-call/" + video, anna.token(), null);
        call("join", "POST", "/api/video/join-call/" + video, ben.token(), null);
        call(
                "send",
                "POST",
                "/api/video/send-signal",
                anna.token(),
                Map.of(
                        "session_id",
                        video,
                        "type",
                        "offer",
                        "data",
                        Map.of("type", "offer", "sdp", "v=0"),
                        "target_user_id",
                        0));
        long signalsSeq = call("signals", "GET", "/api/video/signals/" + video + "?after=0", ben.token(), null)
                .body()
                .get("last_seq")
                .asLong();
        Answer cursor = call("events", "GET", "/api/events", ben.token(), null);
        Map<String, String[]> endpoints = new LinkedHashMap<>();
        endpoints.put("GET next-match (waiting)", new String[] {
            "GET", "/api/continuous-matching/next-match?session_id=" + waitingSession, alone.token()
        });
        endpoints.put("POST heartbeat (waiting)", new String[] {
            "POST", "/api/continuous-matching/heartbeat", alone.token(), "{\"session_id\":\"" + waitingSession + "\"}"
        });
        endpoints.put(
                "GET video session (in a call)", new String[] {"GET", "/api/video/session/" + video, anna.token()});
        endpoints.put(
                "GET signals after= (in a call)",
                new String[] {"GET", "/api/video/signals/" + video + "?after=" + signalsSeq, ben.token()});
        if (cursor.ok()) {
            endpoints.put("GET events after= (in a call)", new String[] {
                "GET", "/api/events?after=" + cursor.body().get("last_seq").asLong(), ben.token()
            });
        }
        endpoints.put("GET auth/check (nothing)", new String[] {"GET", "/api/auth/check", anna.token()});
        System.out.printf(
                "%nCPU per request of each hot endpoint alone (16 client threads, %d s each, after a round of"
                        + " all of them to warm up):%n",
                seconds);
        System.out.printf(
                "  %-34s %9s %9s %9s %9s %9s%n", "endpoint", "req/s", "p50 ms", "app ms/r", "pg ms/r", "drv ms/r");
        for (var entry : endpoints.entrySet()) {
            hammer(
                    entry.getKey(),
                    entry.getValue(),
                    seconds); // warming: the JIT sees every endpoint before any is measured
        }
        for (var entry : endpoints.entrySet()) {
            String[] e = entry.getValue();
            measuring = true;
            latency.remove(entry.getKey());
            CpuMeter.Sample before = cpu.sample();
            long ok = hammer(entry.getKey(), e, seconds);
            CpuMeter.Sample used = cpu.sample().minus(before);
            Histogram h = latency.get(entry.getKey());
            System.out.printf(
                    Locale.ROOT,
                    "  %-34s %9.0f %9.2f %9.3f %9.3f %9.3f%n",
                    entry.getKey(),
                    ok / (used.at() / 1e9),
                    h == null ? 0 : ms(h.getValueAtPercentile(50)),
                    used.app() / 1e6 / Math.max(1, ok),
                    used.postgres() / 1e6 / Math.max(1, ok),
                    used.driver() / 1e6 / Math.max(1, ok));
        }
        call("end", "POST", "/api/video/end-call/" + video, anna.token(), null);
    }

    private long hammer(String name, String[] endpoint, int seconds) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            Thread worker = new Thread(() -> {
                while (System.nanoTime() < end) {
                    Object body = endpoint.length > 3 ? endpoint[3] : null;
                    if (call(name, endpoint[0], endpoint[1], endpoint[2], body).ok()) {
                        ok.incrementAndGet();
                    }
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return ok.get();
    }

    static double ms(long micros) {
        return micros / 1000.0;
    }

    /** The run's invariants, by SQL on the database the server used. */
    static void invariants(String url, String user, String password) throws Exception {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("users in two overlapping calls", """
                select count(*) from video_participants a
                join video_participants b on a.user_id = b.user_id and a.video_session_id < b.video_session_id
                join video_sessions va on va.id = a.video_session_id
                join video_sessions vb on vb.id = b.video_session_id
                where tstzrange(va.created_at, greatest(va.created_at, coalesce(va.ended_at, 'infinity')))
                   && tstzrange(vb.created_at, greatest(vb.created_at, coalesce(vb.ended_at, 'infinity')))
                """);
        checks.put("skipped pairs that met again", """
                select count(*) from exclusions e
                join instant_call_sessions c on c.user1_id = least(e.user_id, e.excluded_user_id)
                  and c.user2_id = greatest(e.user_id, e.excluded_user_id) and c.created_at > e.created_at
                where e.reason = 'skip'
                """);
        checks.put("live calls without both live-call rows", """
                select count(*) from video_sessions v
                where v.status in ('waiting', 'active')
                  and (select count(*) from live_calls l where l.video_session_id = v.id) <> 2
                """);
        checks.put("ended calls still holding live-call rows", """
                select count(*) from live_calls l join video_sessions v on v.id = l.video_session_id
                where v.status not in ('waiting', 'active')
                """);
        checks.put("active calls more than 2 s past their end", """
                select count(*) from video_sessions where status = 'active' and ends_at < now() - interval '2 seconds'
                """);
        checks.put("calls that ended before they began", """
                select count(*) from video_sessions where ended_at < created_at
                """);
        System.out.println();
        System.out.println("Invariants (all must be 0):");
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            for (var check : checks.entrySet()) {
                try (ResultSet rs = c.createStatement().executeQuery(check.getValue())) {
                    rs.next();
                    System.out.printf("  %-45s %d%n", check.getKey(), rs.getLong(1));
                }
            }
        }
    }

    static String birthDate() {
        return LocalDate.now()
                .minusYears(22 + ThreadLocalRandom.current().nextInt(20))
                .toString();
    }
}
