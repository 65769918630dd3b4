package com.speedmatch.shared;

/** A report (reports.id). Typed, so that a swapped argument at a module's API does not compile. */
public record ReportId(long value) {

    public static ReportId of(long value) {
        return new ReportId(value);
    }
}
