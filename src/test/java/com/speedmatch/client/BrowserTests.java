package com.speedmatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.TestDatabase;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two real Chromium users against the app: they sign up in the reference client, are paired,
 * and see and hear each other over WebRTC through our API alone.
 *
 * <p>Skipped, with the reason, where Debian's chromium and chromedriver are not installed;
 * {@code REQUIRE_BROWSER=true} (set by .ci/run) makes that a failure instead.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Every browser signs up from 127.0.0.1 (a browser cannot send X-Forwarded-For): lift the
        // per-address sign-up limit for this context only.
        properties = {"video.call-duration=10s", "video.ice.stun-urls=", "video.ice.turn-urls=", "matching.tick=100ms",
                "limits.registrations-per-address=1000"})
@ActiveProfiles("test")
@ExtendWith(BrowserTests.ScreenshotOnFailure.class)
class BrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final List<Browser> browsers = new ArrayList<>();

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        // Its own database: the main test context's clock and sweeps must not touch these calls.
        TestDatabase.Connection db = TestDatabase.get("browser_tests");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    @BeforeAll
    static void chromiumIsInstalled() {
        boolean installed = Browser.executable("chromium").isPresent() && Browser.executable("chromedriver").isPresent();
        String reason = "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
        if (!installed && Boolean.parseBoolean(System.getenv("REQUIRE_BROWSER"))) {
            throw new IllegalStateException(reason + ", and REQUIRE_BROWSER=true");
        }
        Assumptions.assumeTrue(installed, reason);
    }

    @BeforeEach
    void emptyThePool() {
        IntegrationTest.emptyPool(jdbc);
    }

    @AfterEach
    void closeBrowsers() throws Exception {
        for (Browser browser : browsers) {
            browser.close();
        }
    }

    @Test
    void twoBrowsersMeetOverWebRtcLetTheTimerRunOutAndMatch() throws Exception {
        Browser anna = signUp("anna", "Anna", "woman", "man");
        Browser ben = signUp("ben", "Ben", "man", "woman");
        java.util.Map<String, Long> before = requestsByPath();
        startMatching(anna);
        long started = System.nanoTime();
        startMatching(ben);

        awaitRemoteVideo(anna, ben);
        System.out.printf("Start matching (second browser) to remote video on both: %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertThat(anna.find("#partner-name").getText()).isEqualTo("Ben");
        assertThat(ben.find("#partner-name").getText()).isEqualTo("Anna");
        assertThat(anna.find("#countdown").getText()).matches("\\d:\\d\\d");
        anna.screenshot("live-call-anna.png");
        ben.screenshot("live-call-ben.png");

        // video.call-duration is 10 s here: the server ends the call and both are asked to decide.
        await().atMost(Duration.ofSeconds(30)).until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
        anna.find("#decide-continue").click();
        ben.find("#decide-continue").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(anna.screen()) && "waiting".equals(ben.screen()));

        // The whole date went through the one feed: no polling of next-match, signals or the call.
        java.util.Map<String, Long> during = requestsByPath();
        during.replaceAll((path, count) -> count - before.getOrDefault(path, 0L));
        during.values().removeIf(count -> count == 0);
        System.out.printf("Requests of both browsers for one date: %s%n", during);
        assertThat(during).doesNotContainKeys("/api/continuous-matching/next-match", "/api/video/signals/{session_id}",
                "/api/continuous-matching/heartbeat");
        assertThat(during.getOrDefault("/api/video/session/{session_id}", 0L)).isLessThanOrEqualTo(2);
        assertThat(during).containsKey("/api/events");

        for (Browser browser : List.of(anna, ben)) {
            browser.find("#stop-matching").click();
            await().atMost(Duration.ofSeconds(10)).until(() -> "home".equals(browser.screen()));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> anna.find("#matches").getText().contains("Ben")
                && ben.find("#matches").getText().contains("Anna"));
    }

    @Test
    void afterASkipBothAreBackInThePoolAndNotPairedAgain() throws Exception {
        Browser[] both = meetOverWebRtc();
        Browser anna = both[0];
        Browser ben = both[1];

        anna.find("#end-call").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
        anna.find("#decide-skip").click();
        ben.find("#decide-next").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(anna.screen()) && "waiting".equals(ben.screen()));
        // Both are searching again, and the matchmaker (a pass every 100 ms) keeps them apart.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> "waiting".equals(anna.screen()) && "waiting".equals(ben.screen()));
        assertThat(jdbc.queryForObject("select count(*) from exclusions where reason = 'skip'", Integer.class)).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReloadMidCallResumesTheCall() throws Exception {
        Browser[] both = meetOverWebRtc();
        Browser anna = both[0];
        Browser ben = both[1];

        anna.driver.navigate().refresh();
        awaitRemoteVideo(anna, ben);
        assertThat(anna.screen()).isEqualTo("call");
        anna.screenshot("resumed-call-anna.png");
    }

    @Test
    void aDaterDeletesTheirAccountMidCallAndTheirDateReturnsToThePool() throws Exception {
        Browser[] date = meetOverWebRtc();
        Browser anna = date[0];
        Browser ben = date[1];
        long benId = userId(ben);
        // Each client told the server how its connection went (getStats), once.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from call_quality where connected_ms is not null", Integer.class) >= 2);

        ben.find("#go-account").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "account".equals(ben.screen()));
        ben.type("#close-account [name=password]", "correct horse battery");
        ben.find("#close-account [name=confirm]").click();
        ben.find("#close-account button[type=submit]").click();

        await().atMost(Duration.ofSeconds(10)).until(() -> "auth".equals(ben.screen()));
        assertThat(ben.find("#error").getText()).contains("deleted");
        assertThat(jdbc.queryForObject("select name from users where id = ? and deleted_at is not null", String.class, benId))
                .isEqualTo("Deleted user");
        // Anna's call ended; she is out of the call screen and back to deciding or waiting.
        await().atMost(Duration.ofSeconds(15)).until(() -> !"call".equals(anna.screen()));
        ben.screenshot("account-deleted.png");
    }

    @Test
    void aModeratorSuspendsAReportedDaterFromTheModerationPage() throws Exception {
        Browser[] date = meetOverWebRtc();
        long annaId = userId(date[0]);
        long benId = userId(date[1]);
        jdbc.update("insert into reports (reporter_id, reported_id, reason, details, created_at) values (?, ?, 'harassment', 'rude', now())",
                annaId, benId);
        Browser moderator = signUp("moderator", "Mo", "nonbinary", "nonbinary", "moderator@speedmatch.test");
        // Listed, but not verified yet: no moderation page, and a banner asking to confirm the email.
        await().atMost(Duration.ofSeconds(10)).until(() -> moderator.find("#verify-banner").isDisplayed());
        assertThat(moderator.find("#go-moderation").isDisplayed()).isFalse();
        // The mailed link (its token stored as the server stores it) opens the page with #verify=.
        String token = "browser-test-" + UUID.randomUUID();
        jdbc.update("""
                insert into email_verifications (user_id, token_hash, email_key, created_at, expires_at)
                select id, ?, email_key, now(), now() + interval '1 day' from users where email_key = 'moderator@speedmatch.test'
                """, java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        moderator.js("location.replace(location.pathname + '#verify=' + arguments[0]); location.reload();", token);
        await().atMost(Duration.ofSeconds(10)).until(() -> moderator.find("#go-moderation").isDisplayed());
        assertThat(moderator.find("#error").getText()).contains("confirmed");
        assertThat(moderator.find("#verify-banner").isDisplayed()).isFalse();
        moderator.find("#go-moderation").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !moderator.findAll("#reports li[data-report-id]").isEmpty());
        assertThat(moderator.find("#reports li[data-report-id]").getText()).contains("Ben", "harassment", "rude");
        moderator.screenshot("moderation-page.png");
        moderator.find("#reports li[data-report-id] button[data-action=suspend]").click();

        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select suspended_until is not null from users where id = ?", Boolean.class, benId));
        // Ben's call ended at once, and the page has nothing left to review.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from live_calls where user_id = ?", Integer.class, benId) == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> moderator.findAll("#reports li[data-report-id]").isEmpty());
        assertThat(date[1].find("#go-moderation").isDisplayed()).isFalse();
    }

    private static long userId(Browser browser) {
        return ((Number) browser.js("return JSON.parse(sessionStorage.getItem('speedmatch.tokens')).user.id;")).longValue();
    }

    /** Anna and Ben sign up, start matching, are paired and see each other. */
    private Browser[] meetOverWebRtc() throws Exception {
        Browser anna = signUp("anna", "Anna", "woman", "man");
        Browser ben = signUp("ben", "Ben", "man", "woman");
        startMatching(anna);
        startMatching(ben);
        awaitRemoteVideo(anna, ben);
        return new Browser[] {anna, ben};
    }

    private Browser signUp(String tag, String name, String gender, String interestedIn) throws Exception {
        return signUp(tag, name, gender, interestedIn, tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    }

    private Browser signUp(String tag, String name, String gender, String interestedIn, String email) throws Exception {
        Browser browser = new Browser(tag, "http://localhost:" + port);
        browsers.add(browser);
        await().atMost(Duration.ofSeconds(10)).until(() -> "auth".equals(browser.screen()));
        browser.type("#sign-up [name=email]", email);
        browser.type("#sign-up [name=password]", "correct horse battery");
        browser.type("#sign-up [name=name]", name);
        browser.setValue("#sign-up [name=birth_date]", LocalDate.now().minusYears(30).toString());
        browser.setValue("#sign-up [name=gender]", gender);
        browser.find("#sign-up [name=interested_in][value=" + interestedIn + "]").click();
        browser.type("#sign-up [name=interests]", "jazz, hiking");
        browser.find("#sign-up button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "home".equals(browser.screen()));
        return browser;
    }

    /** Requests answered so far, by path pattern. */
    private java.util.Map<String, Long> requestsByPath() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        meters.find("http.server.requests").timers()
                .forEach(t -> counts.merge(t.getId().getTag("uri"), t.count(), Long::sum));
        return counts;
    }

    private static void startMatching(Browser browser) {
        browser.find("#start-matching").click();
    }

    /** Both peers connected, each decoding the other's video frames, and more of them over time. */
    private static void awaitRemoteVideo(Browser... both) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (Browser browser : both) {
                Object connected = browser.js("const c = window.speedmatch.call; return !!c && !!c.pc "
                        + "&& c.pc.connectionState === 'connected' && document.getElementById('remote-video').videoWidth > 0;");
                if (!Boolean.TRUE.equals(connected)) {
                    return false;
                }
            }
            return true;
        });
        for (Browser browser : both) {
            long before = framesDecoded(browser);
            await().atMost(Duration.ofSeconds(10)).until(() -> framesDecoded(browser) > before);
        }
    }

    private static long framesDecoded(Browser browser) {
        Object frames = browser.jsAsync("""
                const done = arguments[arguments.length - 1];
                window.speedmatch.call.pc.getStats().then(stats => {
                  let frames = 0;
                  stats.forEach(r => { if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0; });
                  done(frames);
                }).catch(() => done(0));
                """);
        return frames instanceof Number n ? n.longValue() : 0;
    }

    /** A screenshot of each browser under target/browser when a test fails. */
    static class ScreenshotOnFailure implements TestWatcher {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            context.getTestInstance().filter(BrowserTests.class::isInstance).map(BrowserTests.class::cast)
                    .ifPresent(test -> test.browsers.forEach(b ->
                            b.screenshot("failed-" + context.getRequiredTestMethod().getName() + "-" + b.name + ".png")));
        }
    }
}
