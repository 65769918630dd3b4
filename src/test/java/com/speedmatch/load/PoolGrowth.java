package com.speedmatch.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * How next-match and the matchmaker tick grow with the pool: N waiting users are written straight
 * into the database (women who want men, with no man in the pool, so nobody is paired and every
 * tick loads and scans all of them), kept present, and one more user polls next-match.
 */
final class PoolGrowth {

    private PoolGrowth() {}

    static void measure(JourneyLoad load, String sizes, String url, String user, String password) throws Exception {
        System.out.println();
        System.out.println("Pool growth (waiting users written by SQL, nobody pairable):");
        System.out.printf(
                "  %10s %14s %14s %16s %16s%n",
                "pool", "next-match p50", "next-match p99", "tick mean (ms)", "tick max (ms)");
        VirtualUser probe = new VirtualUser(load, "pool-probe-" + System.nanoTime(), "nonbinary", false);
        probe.register();
        String sessionId = probe.startAlone();
        try (Connection db = DriverManager.getConnection(url, user, password)) {
            db.createStatement()
                    .execute(
                            "delete from matching_sessions where user_id in (select id from users where email like 'pool-seed-%')");
            db.createStatement().execute("delete from users where email like 'pool-seed-%'");
            int seeded = 0;
            for (String size : sizes.split(",")) {
                int n = Integer.parseInt(size.trim());
                db.createStatement().execute("""
                        insert into users (email, email_key, password_hash, name, birth_date, gender, interested_in, interests,
                                           created_at, updated_at)
                        select 'pool-seed-' || i || '@load.example', 'pool-seed-' || i || '@load.example', '{noop}x', 'Seed ' || i, date '1990-01-01' + (i %% 5000),
                               'woman', '{man}', array['interest-' || (i %% 300), 'interest-' || (i %% 71)], now(), now()
                        from generate_series(%d, %d) i
                        """.formatted(seeded + 1, n));
                db.createStatement().execute("""
                        insert into matching_sessions (session_id, user_id, status, min_age, max_age, preferred_interests,
                                                       personality_weight, waiting_since, created_at)
                        select gen_random_uuid(), u.id, 'active', 18, 99, '{}', 0.5, now(), now()
                        from users u where u.email like 'pool-seed-%%'
                          and not exists (select 1 from matching_sessions s where s.user_id = u.id and s.status <> 'ended')
                        """.formatted());
                seeded = n;
                double[] before = tick(load);
                Histogram nextMatch = new Histogram(3);
                long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                long refresh = 0;
                while (System.nanoTime() < end) {
                    if (System.nanoTime() > refresh) {
                        db.createStatement().execute("""
                                        insert into presence (user_id, last_seen)
                                        select user_id, now() from matching_sessions where status = 'active'
                                        on conflict (user_id) do update set last_seen = excluded.last_seen
                                        """);
                        refresh = System.nanoTime() + 5_000_000_000L;
                    }
                    long start = System.nanoTime();
                    load.call(
                            "GET next-match (pool " + n + ")",
                            "GET",
                            "/api/continuous-matching/next-match?session_id=" + sessionId,
                            probe.token(),
                            null);
                    nextMatch.recordValue((System.nanoTime() - start) / 1000);
                    LockSupport.parkNanos(50_000_000L);
                }
                double[] after = tick(load);
                double count = after[0] - before[0];
                System.out.printf(
                        "  %10d %14.1f %14.1f %16.1f %16.1f%n",
                        n,
                        nextMatch.getValueAtPercentile(50) / 1000.0,
                        nextMatch.getValueAtPercentile(99) / 1000.0,
                        count > 0 ? (after[1] - before[1]) * 1000 / count : 0,
                        after[2] * 1000);
            }
            db.createStatement()
                    .execute(
                            "update matching_sessions set status = 'ended', ended_at = now() "
                                    + "where user_id in (select id from users where email like 'pool-seed-%') and status <> 'ended'");
        }
    }

    /** count, sum and max (seconds) of speedmatch_matchmaker_tick from the Prometheus endpoint. */
    private static double[] tick(JourneyLoad load) throws Exception {
        String text = load.http
                .send(
                        HttpRequest.newBuilder(URI.create(load.management + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return new double[] {
            metric(text, "speedmatch_matchmaker_tick_seconds_count"),
            metric(text, "speedmatch_matchmaker_tick_seconds_sum"),
            metric(text, "speedmatch_matchmaker_tick_seconds_max")
        };
    }

    private static double metric(String text, String name) {
        Matcher m = Pattern.compile("^" + name + "\\{[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
