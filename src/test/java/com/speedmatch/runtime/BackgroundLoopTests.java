package com.speedmatch.runtime;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoopTests {

    @Test
    void theLoopOutlivesAStepThatThrowsAnError() {
        AtomicInteger steps = new AtomicInteger();
        BackgroundLoop loop = new BackgroundLoop("test-loop", Duration.ofMillis(20), () -> {
            if (steps.incrementAndGet() == 1) {
                throw new StackOverflowError("a pass that went too deep");
            }
        });
        loop.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> steps.get() >= 3);
        } finally {
            loop.stop();
        }
    }
}
