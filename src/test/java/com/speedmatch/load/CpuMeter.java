package com.speedmatch.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time, from /proc, of the app (one process), of PostgreSQL (every process named
 * {@code postgres}: backends, WAL writer, checkpointer) and of this driver, so a run can report CPU
 * per request of each side, not only latency. Linux only; on anything else every figure is zero.
 */
final class CpuMeter {

    /** Cumulative CPU nanoseconds of each side at one moment. */
    record Sample(long app, long postgres, long driver, long at) {

        Sample minus(Sample earlier) {
            return new Sample(app - earlier.app, postgres - earlier.postgres, driver - earlier.driver, at - earlier.at);
        }
    }

    private static final long NANOS_PER_TICK = 1_000_000_000L / ticksPerSecond();

    private final long appPid;

    CpuMeter(long appPid) {
        this.appPid = appPid;
    }

    Sample sample() {
        return new Sample(
                appPid > 0 ? ticks(Path.of("/proc", String.valueOf(appPid), "stat")) * NANOS_PER_TICK : 0,
                postgresTicks() * NANOS_PER_TICK,
                ticks(Path.of("/proc/self/stat")) * NANOS_PER_TICK,
                System.nanoTime());
    }

    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(p -> {
                        Path stat = p.resolve("stat");
                        try {
                            String text = Files.readString(stat);
                            return text.contains("(postgres)") ? ticks(text) : 0;
                        } catch (IOException | RuntimeException e) {
                            return 0; // the process ended meanwhile
                        }
                    })
                    .sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long ticks(Path stat) {
        try {
            return ticks(Files.readString(stat));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * utime + stime, the 14th and 15th fields (counted after the command name in parentheses), plus
     * cutime + cstime, the CPU of children that ended: PostgreSQL's autovacuum workers come and go,
     * and their time must not vanish from the sum when they exit.
     */
    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11])
                + Long.parseLong(fields[12])
                + Long.parseLong(fields[13])
                + Long.parseLong(fields[14]);
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
        } catch (IOException | RuntimeException e) {
            return 100;
        }
    }
}
