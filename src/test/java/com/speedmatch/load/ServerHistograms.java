package com.speedmatch.load;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's own timers, read from its Prometheus histogram buckets: a snapshot when a level's
 * measuring starts and one when it ends, so the percentiles are of that level alone (to the
 * bucket's bound: Micrometer's buckets are a few percent apart).
 */
final class ServerHistograms {

    /** What the matchmaker measures: a pass, and from the later of a pair's two waits to their pairing. */
    static final Map<String, String> TIMERS = new LinkedHashMap<>(Map.of(
            "matchmaker pass (server)", "speedmatch_matchmaker_tick_seconds",
            "both waiting -> paired (server)", "speedmatch_matchmaker_both_waiting_seconds"));

    private final Map<String, TreeMap<Double, Double>> buckets;

    private ServerHistograms(Map<String, TreeMap<Double, Double>> buckets) {
        this.buckets = buckets;
    }

    static ServerHistograms scrape(JourneyLoad load) {
        Map<String, TreeMap<Double, Double>> all = new LinkedHashMap<>();
        try {
            String text = load.http
                    .send(
                            HttpRequest.newBuilder(URI.create(load.management + "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String metric : TIMERS.values()) {
                TreeMap<Double, Double> counts = new TreeMap<>();
                Matcher m = Pattern.compile(
                                "^" + metric + "_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE)
                        .matcher(text);
                while (m.find()) {
                    double le = m.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(1));
                    counts.merge(le, Double.parseDouble(m.group(2)), Double::sum);
                }
                all.put(metric, counts);
            }
        } catch (Exception e) {
            System.out.println("Server histograms not read: " + e);
        }
        return new ServerHistograms(all);
    }

    /** Prints count, p50 and p99 (ms, to the bucket's bound) of each timer between {@code before} and this. */
    void printSince(ServerHistograms before) {
        TIMERS.forEach((name, metric) -> {
            TreeMap<Double, Double> now = buckets.getOrDefault(metric, new TreeMap<>());
            TreeMap<Double, Double> then = before.buckets.getOrDefault(metric, new TreeMap<>());
            double total =
                    now.lastEntry() == null ? 0 : now.lastEntry().getValue() - then.getOrDefault(now.lastKey(), 0.0);
            if (total <= 0) {
                return;
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %9.0f %9s %9s %9s%n",
                    name,
                    total,
                    bound(now, then, total, 0.5),
                    "",
                    bound(now, then, total, 0.99));
        });
    }

    private static String bound(
            TreeMap<Double, Double> now, TreeMap<Double, Double> then, double total, double quantile) {
        for (var entry : now.entrySet()) {
            if (entry.getValue() - then.getOrDefault(entry.getKey(), 0.0) >= quantile * total) {
                return entry.getKey().isInfinite()
                        ? "inf"
                        : String.format(Locale.ROOT, "<=%.0f", entry.getKey() * 1000);
            }
        }
        return "?";
    }
}
