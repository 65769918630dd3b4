package com.speedmatch.matchmaker.internal;

/**
 * How well two people of the pool suit each other: docs/spec.md "compatibility_score". Pure, and
 * apart from the pairing so that the rule can change without touching the scan.
 */
public final class Compatibility {

    static final double NEUTRAL = 0.5;

    private Compatibility() {}

    /**
     * {@code (1 - w) * interest_overlap + w * personality_similarity}, in 0..1, with {@code w} the
     * mean of both personality weights. Interest overlap is the mean of how much of each side's
     * wanted interests (preferred interests, or their own interests when none are preferred) the
     * other has; a side that wants nothing in particular counts as neutral (0.5). Personality
     * similarity is one minus the mean distance of the five trait means over its range (4), and
     * neutral while either user has too few ratings.
     */
    public static double score(Matchmaker.Candidate a, Matchmaker.Candidate b) {
        double overlap = (meet(a.wants(), b.interests()) + meet(b.wants(), a.interests())) / 2;
        double w = (a.personalityWeight() + b.personalityWeight()) / 2;
        return (1 - w) * overlap + w * personalitySimilarity(a.traits(), b.traits());
    }

    static double meet(int[] wants, int[] has) {
        if (wants.length == 0) {
            return NEUTRAL;
        }
        int i = 0;
        int j = 0;
        int common = 0;
        while (i < wants.length && j < has.length) {
            if (wants[i] == has[j]) {
                common++;
                i++;
                j++;
            } else if (wants[i] < has[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) common / wants.length;
    }

    static double personalitySimilarity(double[] a, double[] b) {
        if (a == null || b == null) {
            return NEUTRAL;
        }
        double distance = 0;
        for (int t = 0; t < a.length; t++) {
            distance += Math.abs(a[t] - b[t]);
        }
        return 1 - distance / (4.0 * a.length);
    }
}
