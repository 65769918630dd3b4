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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A load driver for the whole journey. Each virtual user registers, starts matching, waits for a
 * match, reads and joins the call, exchanges an offer, an answer and five ICE candidates each
 * way, lets the (short) call run out, decides (continue, skip or next) and goes again.
 *
 * <p>Two client styles run side by side on the same server: the guide's (poll next-match and
 * signals every 2 s) and ours (next-match and signals long-polled with {@code wait}, signals
 * acknowledged with {@code after}). Afterwards the run's invariants are checked by SQL.
 *
 * <p>Run through {@code src/test/load/run.sh}; arguments: {@code --base URL --levels 50,200
 * --seconds 60 --guide-share 0.5 --jdbc URL --db-user U --db-password P}.
 */
public final class JourneyLoad {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int ICE_PER_SIDE = 5;

    final String base;
    /** Where health and metrics answer (management.server.port). */
    final String management;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final Map<String, Histogram> latency = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    final Map<String, Histogram> journey = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    volatile long deadline;

    JourneyLoad(String base) {
        this.base = base;
        this.management = System.getProperty("load.management", base.replaceFirst(":(\\d+)$", ":8081"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--base", "http://localhost:8080", "--levels", "50",
                "--seconds", "60", "--guide-share", "0.5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (options.containsKey("--management")) {
            System.setProperty("load.management", options.get("--management"));
        }
        System.out.printf("SpeedMatch journey load: %s, %d cores, %s%n", options, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        List<String> verdicts = new ArrayList<>();
        int warmup = Integer.parseInt(options.getOrDefault("--warmup-seconds", "20"));
        if (warmup > 0) {
            // The server's JIT compiles the hot paths here; these figures are not reported.
            new JourneyLoad(options.get("--base")).run(20, warmup, Double.parseDouble(options.get("--guide-share")));
            System.out.println("(warm-up: 20 users for " + warmup + " s, not reported)");
        }
        for (String level : options.get("--levels").split(",")) {
            int users = Integer.parseInt(level.trim());
            JourneyLoad run = new JourneyLoad(options.get("--base"));
            run.run(users, Integer.parseInt(options.get("--seconds")), Double.parseDouble(options.get("--guide-share")));
            verdicts.add(run.report(users, Integer.parseInt(options.get("--seconds"))));
        }
        if (options.containsKey("--throughput-seconds")) {
            new JourneyLoad(options.get("--base")).throughput(Integer.parseInt(options.get("--throughput-seconds")));
        }
        if (options.containsKey("--pool-sizes") && options.containsKey("--jdbc")) {
            PoolGrowth.measure(new JourneyLoad(options.get("--base")), options.get("--pool-sizes"), options.get("--jdbc"),
                    options.getOrDefault("--db-user", "postgres"), options.getOrDefault("--db-password", ""));
        }
        if (options.containsKey("--jdbc")) {
            invariants(options.get("--jdbc"), options.getOrDefault("--db-user", "postgres"), options.getOrDefault("--db-password", ""));
        }
        System.out.println();
        System.out.println("Levels:");
        verdicts.forEach(System.out::println);
    }

    void run(int users, int seconds, double guideShare) throws InterruptedException {
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<VirtualUser> people = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            // Both genders get both styles in the proportion asked: pairs of users alternate.
            boolean guide = Math.floor((i / 2 + 1) * guideShare) > Math.floor((i / 2) * guideShare);
            people.add(new VirtualUser(this, "load-" + runId + "-" + i, i % 2 == 0 ? "woman" : "man", guide));
        }
        // Sign-up first (bcrypt is the costliest request by far), then the level's clock starts.
        var signUps = java.util.concurrent.Executors.newFixedThreadPool(8);
        people.forEach(p -> signUps.submit(p::register));
        signUps.shutdown();
        signUps.awaitTermination(30, java.util.concurrent.TimeUnit.MINUTES);

        deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        CountDownLatch done = new CountDownLatch(users);
        for (VirtualUser person : people) {
            Thread thread = new Thread(() -> {
                try {
                    person.live();
                } catch (Exception e) {
                    errors.computeIfAbsent("driver: " + e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
            thread.setDaemon(true);
            thread.start();
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(1, 5_000 / users) * 1_000_000L); // ramp up over about 5 s
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(40));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            long micros = (System.nanoTime() - start) / 1000;
            latency.computeIfAbsent(name, k -> new ConcurrentHistogram(3)).recordValue(Math.max(1, micros));
            requests.incrementAndGet();
            int status = response.statusCode();
            boolean ok = status >= 200 && status < 300;
            boolean tolerated = false;
            for (int e : expected) {
                tolerated |= e == status;
            }
            if (!ok) {
                (tolerated ? refusals : errors).computeIfAbsent(name + " " + status, k -> new AtomicLong()).incrementAndGet();
            }
            String text = response.body();
            return new Answer(status, text == null || text.isBlank() ? JSON.missingNode() : JSON.readTree(text));
        } catch (Exception e) {
            errors.computeIfAbsent(name + " " + e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
            return new Answer(0, JSON.missingNode());
        }
    }

    void recordJourney(String what, long nanos) {
        journey.computeIfAbsent(what, k -> new ConcurrentHistogram(3)).recordValue(Math.max(1, nanos / 1000));
    }

    String report(int users, int seconds) {
        System.out.println();
        long journeyRequests = requests.get() - latency.getOrDefault("POST /auth/register", new Histogram(3)).getTotalCount();
        System.out.printf("== %d users, %d s: %,d journey requests (%.0f/s) after sign-up, %d calls completed%n", users, seconds,
                journeyRequests, journeyRequests / (double) seconds, calls.get());
        System.out.printf("%-34s %9s %9s %9s %9s %9s%n", "endpoint", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        double worstP99 = 0;
        for (var entry : new java.util.TreeMap<>(latency).entrySet()) {
            Histogram h = entry.getValue();
            System.out.printf("%-34s %9d %9.1f %9.1f %9.1f %9.1f%n", entry.getKey(), h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
            if (!entry.getKey().contains("wait") && !entry.getKey().contains("register")) {
                worstP99 = Math.max(worstP99, ms(h.getValueAtPercentile(99)));
            }
        }
        System.out.printf("%-34s %9s %9s %9s %9s %9s%n", "journey", "count", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (var entry : new java.util.TreeMap<>(journey).entrySet()) {
            Histogram h = entry.getValue();
            System.out.printf("%-34s %9d %9.1f %9.1f %9.1f %9.1f%n", entry.getKey(), h.getTotalCount(),
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(95)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue()));
        }
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.println("errors: " + (errors.isEmpty() ? "none" : errors));
        System.out.println("expected refusals (call over, cancelled): " + (refusals.isEmpty() ? "none" : refusals));
        return String.format(Locale.ROOT, "%6d users: %8.0f req/s, worst non-long-poll p99 %7.1f ms, %d errors -> %s", users,
                journeyRequests / (double) seconds, worstP99, errorCount,
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
                            if (call(entry.getKey(), "GET", entry.getValue(), token, null).ok()) {
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
        System.out.printf("  next-match / check = %.2f%n", rates.get("GET next-match (waiting, no wait)") / rates.get("GET /api/auth/check"));
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
                where tstzrange(va.created_at, coalesce(va.ended_at, 'infinity')) && tstzrange(vb.created_at, coalesce(vb.ended_at, 'infinity'))
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
        return LocalDate.now().minusYears(22 + ThreadLocalRandom.current().nextInt(20)).toString();
    }
}
