package com.speedmatch.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/** Runs the JMH benchmarks with JMH's own command line ({@code -p poolSize=10000}, {@code -f 1}, ...). */
public final class JmhMain {

    private JmhMain() {}

    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        new Runner(new CommandLineOptions(all.toArray(String[]::new))).run();
    }
}
