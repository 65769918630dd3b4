package com.speedmatch.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.speedmatch.support.IntegrationTest;
import com.speedmatch.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
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
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        // Every browser signs up from 127.0.0.1 (a browser cannot send X-Forwarded-For): lift the
        // per-address sign-up limit for this context only.
        properties = {
            "video.call-duration=10s",
            "video.extension=20s",
            "video.ice.stun-urls=",
            "video.ice.turn-urls=",
            "matching.tick=100ms",
            "limits.registrations-per-address=1000"
        })
@ActiveProfiles("test")
@ExtendWith(BrowserTests.ScreenshotOnFailure.class)
class BrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

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
        boolean installed = Browser.executable("chromium").isPresent()
                && Browser.executable("chromedriver").isPresent();
        String reason =
                "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
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

    /** The feed over a socket (the default), and kept on the long-poll (a proxy that refuses upgrades). */
    @org.junit.jupiter.params.ParameterizedTest(name = "over the {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"socket", "poll"})
    void twoBrowsersMeetOverWebRtcLetTheTimerRunOutAndMatch(String transport) throws Exception {
        String page = transport.equals("poll") ? "/?transport=poll" : "/";
        Browser anna = signUpOn(page, "anna", "Anna", "woman", "man");
        Browser ben = signUpOn(page, "ben", "Ben", "man", "woman");
        Map<String, Long> before = requestsByPath();
        startMatching(anna);
        long started = System.nanoTime();
        startMatching(ben);

        awaitRemoteVideo(anna, ben);
        System.out.printf(
                "Start matching (second browser) to remote video on both, over the %s: %d ms%n",
                transport, (System.nanoTime() - started) / 1_000_000);
        assertThat(List.of(anna, ben)).allMatch(b -> transport.equals(b.js("return window.speedmatch.transport()")));
        assertThat(anna.find("#partner-name").getText()).isEqualTo("Ben");
        assertThat(ben.find("#partner-name").getText()).isEqualTo("Anna");
        assertThat(anna.find("#countdown").getText()).matches("\\d:\\d\\d");
        anna.screenshot("live-call-anna.png");
        ben.screenshot("live-call-ben.png");

        // video.call-duration is 10 s here: the server ends the call and both are asked to decide.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
        anna.find("#decide-continue").click();
        ben.find("#decide-continue").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "waiting".equals(anna.screen()) && "waiting".equals(ben.screen()));

        // The whole date went through the one feed: no polling of next-match, signals or the call.
        Map<String, Long> during = requestsByPath();
        during.replaceAll((path, count) -> count - before.getOrDefault(path, 0L));
        during.values().removeIf(count -> count == 0);
        System.out.printf("Requests of both browsers for one date over the %s: %s%n", transport, during);
        assertThat(during)
                .doesNotContainKeys(
                        "/api/continuous-matching/next-match",
                        "/api/video/signals/{session_id}",
                        "/api/continuous-matching/heartbeat");
        assertThat(during.getOrDefault("/api/video/session/{session_id}", 0L)).isLessThanOrEqualTo(2);
        if (transport.equals("poll")) {
            assertThat(during).containsKey("/api/events").containsKey("/api/video/send-signal");
        } else {
            // News and signals both went over the sockets: no feed request, no signal request.
            assertThat(during).doesNotContainKeys("/api/events", "/api/video/send-signal");
        }

        for (Browser browser : List.of(anna, ben)) {
            browser.find("#stop-matching").click();
            await().atMost(Duration.ofSeconds(10)).until(() -> "home".equals(browser.screen()));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> anna.find("#matches").getText().contains("Ben")
                        && ben.find("#matches").getText().contains("Anna"));
    }

    @Test
    void afterASkipBothAreBackInThePoolAndNotPairedAgain() throws Exception {
        Browser[] both = meetOverWebRtc();
        Browser anna = both[0];
        Browser ben = both[1];

        anna.find("#end-call").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
        anna.find("#decide-skip").click();
        ben.find("#decide-next").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> "waiting".equals(anna.screen()) && "waiting".equals(ben.screen()));
        // Both are searching again; after two whole matchmaker passes they are still apart.
        long passes = matchmakerPasses();
        await().atMost(Duration.ofSeconds(10)).until(() -> matchmakerPasses() >= passes + 2);
        assertThat(anna.screen()).isEqualTo("waiting");
        assertThat(ben.screen()).isEqualTo("waiting");
        assertThat(jdbc.queryForObject("select count(*) from exclusions where reason = 'skip'", Integer.class))
                .isGreaterThanOrEqualTo(2);
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
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from call_quality where connected_ms is not null", Integer.class)
                        >= 2);

        ben.find("#go-account").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "account".equals(ben.screen()));
        ben.type("#close-account [name=password]", "correct horse battery");
        ben.find("#close-account [name=confirm]").click();
        ben.find("#close-account button[type=submit]").click();

        await().atMost(Duration.ofSeconds(10)).until(() -> "auth".equals(ben.screen()));
        assertThat(ben.find("#error").getText()).contains("deleted");
        assertThat(jdbc.queryForObject(
                        "select name from users where id = ? and deleted_at is not null", String.class, benId))
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
        jdbc.update(
                "insert into reports (reporter_id, reported_id, reason, details, created_at) values (?, ?, 'harassment', 'rude', now())",
                annaId,
                benId);
        Browser moderator = signUp("moderator", "Mo", "nonbinary", "nonbinary", "moderator@speedmatch.test");
        // Listed, but not verified yet: no moderation page, and a banner asking to confirm the email.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> moderator.find("#verify-banner").isDisplayed());
        assertThat(moderator.find("#go-moderation").isDisplayed()).isFalse();
        // The mailed link (its token stored as the server stores it) opens the page with #verify=.
        String token = "browser-test-" + UUID.randomUUID();
        jdbc.update(
                """
                insert into email_verifications (user_id, token_hash, email_key, created_at, expires_at)
                select id, ?, email_key, now(), now() + interval '1 day' from users where email_key = 'moderator@speedmatch.test'
                """,
                HexFormat.of()
                        .formatHex(
                                MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8))));
        moderator.js("location.replace(location.pathname + '#verify=' + arguments[0]); location.reload();", token);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> moderator.find("#go-moderation").isDisplayed());
        assertThat(moderator.find("#error").getText()).contains("confirmed");
        assertThat(moderator.find("#verify-banner").isDisplayed()).isFalse();
        moderator.find("#go-moderation").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !moderator.findAll("#reports li[data-report-id]").isEmpty());
        assertThat(moderator.find("#reports li[data-report-id]").getText()).contains("Ben", "harassment", "rude");
        moderator.screenshot("moderation-page.png");
        moderator
                .find("#reports li[data-report-id] button[data-action=suspend]")
                .click();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                        "select suspended_until is not null from users where id = ?", Boolean.class, benId));
        // Ben's call ended at once, and the page has nothing left to review.
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        jdbc.queryForObject("select count(*) from live_calls where user_id = ?", Integer.class, benId)
                                == 0);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> moderator.findAll("#reports li[data-report-id]").isEmpty());
        assertThat(date[1].find("#go-moderation").isDisplayed()).isFalse();
    }

    /** docs/spec.md "A second look": a next changed to continue on the home page makes the match, and both see it. */
    @Test
    void aNextChangedToContinueOnTheHomePageMakesTheMatch() throws Exception {
        Browser[] date = meetOverWebRtc();
        Browser anna = date[0];
        Browser ben = date[1];
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
        anna.find("#decide-next").click();
        ben.find("#decide-continue").click();
        for (Browser browser : List.of(anna, ben)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(browser.screen()));
            browser.find("#stop-matching").click();
            await().atMost(Duration.ofSeconds(10)).until(() -> "home".equals(browser.screen()));
        }
        assertThat(ben.findAll("#matches button[data-action=messages]")).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !anna.findAll("#recent-dates button[data-action=second-look]")
                        .isEmpty());
        assertThat(anna.find("#recent-dates").getText()).contains("Ben", "you said next");
        anna.screenshot("second-look.png");

        anna.find("#recent-dates button[data-action=second-look]").click();
        for (Browser browser : List.of(anna, ben)) {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !browser.findAll("#matches button[data-action=messages]")
                            .isEmpty());
        }
        assertThat(anna.find("#error").getText()).contains("It's a match");
        assertThat(anna.findAll("#recent-dates button[data-action=second-look]"))
                .isEmpty();
    }

    /** docs/spec.md "Messages between matches": two matched people talk, each message arriving live through the feed. */
    @Test
    void twoMatchesExchangeMessagesLiveAndSeeThemRead() throws Exception {
        Browser[] date = meetOverWebRtc();
        Browser anna = date[0];
        Browser ben = date[1];
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
        anna.find("#decide-continue").click();
        ben.find("#decide-continue").click();
        for (Browser browser : List.of(anna, ben)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(browser.screen()));
            browser.find("#stop-matching").click();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> "home".equals(browser.screen())
                            && !browser.findAll("#matches button[data-action=messages]")
                                    .isEmpty());
            browser.find("#matches button[data-action=messages]").click();
            await().atMost(Duration.ofSeconds(10)).until(() -> "chat".equals(browser.screen()));
        }

        anna.type("#chat-send [name=text]", "That was fun! Same time tomorrow?");
        anna.find("#chat-send button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ben.find("#chat-messages").getText().contains("Same time tomorrow?"));
        ben.type("#chat-send [name=text]", "Yes! I'll bring the jazz playlist.");
        ben.find("#chat-send button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> anna.find("#chat-messages").getText().contains("jazz playlist"));
        // Each saw the other's message while the conversation was open: read marks, live.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> anna.find("#chat-read").getText().contains("Read by Ben")
                        || ben.find("#chat-read").getText().contains("Read by Anna"));
        anna.screenshot("messages-anna.png");
        ben.screenshot("messages-ben.png");
        assertThat(jdbc.queryForObject("select count(*) from messages", Integer.class))
                .isGreaterThanOrEqualTo(2);
    }

    /** docs/spec.md "The live date": one asks for more time, the other sees it and agrees, and the date runs on. */
    @Test
    void anExtendedDateRunsLongerForBoth() throws Exception {
        Browser[] date = meetOverWebRtc();
        Browser anna = date[0];
        Browser ben = date[1];
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !anna.find("#prompt-text").getText().isBlank());
        assertThat(ben.find("#prompt-text").getText())
                .isEqualTo(anna.find("#prompt-text").getText());

        anna.find("#extend").click();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ben.find("#extend-state").getText().contains("wants more time"));
        ben.screenshot("extend-asked-ben.png");
        ben.find("#extend").click();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> anna.find("#extend-state").getText().contains("longer now"));
        anna.screenshot("extended-anna.png");
        String session = (String) anna.js("return window.speedmatch.video.session_id;");
        assertThat(jdbc.queryForObject(
                        "select extract(epoch from ends_at - started_at) - paused_ms / 1000.0 "
                                + "from video_sessions where session_id = ?::uuid",
                        Double.class,
                        session))
                .isEqualTo(30.0);

        // Past the ten seconds it had, the date goes on; it ends at its new end.
        await().atMost(Duration.ofSeconds(15))
                .until(() -> jdbc.queryForObject(
                        "select now() > started_at + interval '11 seconds' from video_sessions where session_id = ?::uuid",
                        Boolean.class,
                        session));
        assertThat(List.of(anna.screen(), ben.screen())).containsOnly("call");
        await().atMost(Duration.ofSeconds(40))
                .until(() -> "decision".equals(anna.screen()) && "decision".equals(ben.screen()));
    }

    /**
     * A dropped date heals: Ben's page reloads mid-date (his side of the connection is gone), the
     * date pauses, his page offers anew and both see each other again; the timer stood still.
     */
    @Test
    void aDroppedDatePausesAndHealsThroughANewOffer() throws Exception {
        Browser[] date = meetOverWebRtc();
        Browser anna = date[0];
        Browser ben = date[1];
        anna.find("#extend").click(); // room for the reconnect: 30 s in all
        ben.find("#extend").click();
        String session = (String) anna.js("return window.speedmatch.video.session_id;");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.queryForObject(
                                "select extensions from video_sessions where session_id = ?::uuid",
                                Integer.class,
                                session)
                        == 1);
        String endsBefore = jdbc.queryForObject(
                "select ends_at::text from video_sessions where session_id = ?::uuid", String.class, session);

        ben.js("location.reload();");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                        "select paused_ms > 0 and paused_since is null from video_sessions where session_id = ?::uuid",
                        Boolean.class,
                        session));
        awaitRemoteVideo(anna, ben);
        anna.screenshot("healed-anna.png");
        ben.screenshot("healed-ben.png");
        Map<String, Object> call = jdbc.queryForMap(
                "select status, ends_at::text as ends_at, paused_ms "
                        + "from video_sessions where session_id = ?::uuid",
                session);
        System.out.printf("Dropped date: paused %s ms, then healed%n", call.get("paused_ms"));
        assertThat(call.get("status")).isEqualTo("active");
        assertThat((String) call.get("ends_at")).isGreaterThan(endsBefore);
    }

    /** Safety within reach: a report from the call ends it for both and reaches the moderation page. */
    @Test
    void aReportFromTheCallEndsItForBothAndReachesTheModerators() throws Exception {
        Browser[] date = meetOverWebRtc();
        Browser anna = date[0];
        Browser ben = date[1];
        anna.find("#report-call-box summary").click();
        anna.setValue("#report-call [name=reason]", "harassment");
        anna.type("#report-call [name=details]", "rude on camera");
        anna.screenshot("report-from-call.png");
        anna.find("#report-call button[type=submit]").click();

        await().atMost(Duration.ofSeconds(10)).until(() -> "waiting".equals(anna.screen()));
        assertThat(anna.find("#error").getText()).contains("received your report");
        await().atMost(Duration.ofSeconds(10)).until(() -> !"call".equals(ben.screen()));

        // The moderator of this context: signed up already if the moderation page's own test ran first.
        boolean existed = jdbc.queryForObject(
                        "select count(*) from users where email_key = 'moderator@speedmatch.test'", Integer.class)
                > 0;
        Browser moderator = existed
                ? signIn("moderator", "moderator@speedmatch.test")
                : signUp("moderator", "Mo", "nonbinary", "nonbinary", "moderator@speedmatch.test");
        jdbc.update("update users set email_verified_at = now() where email_key = 'moderator@speedmatch.test'");
        moderator.js("location.reload();");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> moderator.find("#go-moderation").isDisplayed());
        moderator.find("#go-moderation").click();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> moderator.find("#reports").getText().contains("rude on camera"));
        assertThat(moderator.find("#reports").getText()).contains("Ben", "harassment");
        if (!existed) {
            // The moderation page's own test signs the moderator up, unverified, whichever runs first.
            jdbc.update("delete from users where email_key = 'moderator@speedmatch.test'");
        }
    }

    private Browser signIn(String tag, String email) throws Exception {
        Browser browser = new Browser(tag, "http://localhost:" + port);
        browsers.add(browser);
        await().atMost(Duration.ofSeconds(10)).until(() -> "auth".equals(browser.screen()));
        browser.type("#sign-in [name=email]", email);
        browser.type("#sign-in [name=password]", "correct horse battery");
        browser.find("#sign-in button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "home".equals(browser.screen()));
        return browser;
    }

    private static long userId(Browser browser) {
        return ((Number) browser.js("return JSON.parse(sessionStorage.getItem('speedmatch.tokens')).user.id;"))
                .longValue();
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
        return signUp(
                tag,
                name,
                gender,
                interestedIn,
                tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    }

    private Browser signUpOn(String page, String tag, String name, String gender, String interestedIn)
            throws Exception {
        return signUp(
                tag,
                name,
                gender,
                interestedIn,
                tag + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                page);
    }

    private Browser signUp(String tag, String name, String gender, String interestedIn, String email) throws Exception {
        return signUp(tag, name, gender, interestedIn, email, "/");
    }

    private Browser signUp(String tag, String name, String gender, String interestedIn, String email, String page)
            throws Exception {
        Browser browser = new Browser(tag, "http://localhost:" + port, page);
        browsers.add(browser);
        await().atMost(Duration.ofSeconds(10)).until(() -> "auth".equals(browser.screen()));
        browser.type("#sign-up [name=email]", email);
        browser.type("#sign-up [name=password]", "correct horse battery");
        browser.type("#sign-up [name=name]", name);
        browser.setValue(
                "#sign-up [name=birth_date]", LocalDate.now().minusYears(30).toString());
        browser.setValue("#sign-up [name=gender]", gender);
        browser.find("#sign-up [name=interested_in][value=" + interestedIn + "]")
                .click();
        browser.type("#sign-up [name=interests]", "jazz, hiking");
        browser.find("#sign-up button[type=submit]").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> "home".equals(browser.screen()));
        return browser;
    }

    /** Requests answered so far, by path pattern. */
    private Map<String, Long> requestsByPath() {
        Map<String, Long> counts = new TreeMap<>();
        meters.find("http.server.requests")
                .timers()
                .forEach(t -> counts.merge(t.getId().getTag("uri"), t.count(), Long::sum));
        return counts;
    }

    private static void startMatching(Browser browser) {
        browser.find("#start-matching").click();
    }

    /** Both peers connected, each decoding the other's video frames, and more of them over time. */
    private static void awaitRemoteVideo(Browser... both) {
        try {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        for (Browser browser : both) {
                            Object connected = browser.js(
                                    "const c = window.speedmatch.call; return !!c && !!c.pc "
                                            + "&& c.pc.connectionState === 'connected' && document.getElementById('remote-video').videoWidth > 0;");
                            if (!Boolean.TRUE.equals(connected)) {
                                return false;
                            }
                        }
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            // Where each one stood: the screen, and the peer connection's states.
            throw new AssertionError(
                    Arrays.stream(both)
                            .map(
                                    b -> b.name + ": screen " + b.screen() + ", "
                                            + b.js(
                                                    "const c = window.speedmatch.call; return !c ? 'no call' : !c.pc "
                                                            + "? 'no peer connection' : 'connection ' + c.pc.connectionState "
                                                            + "+ ', ice ' + c.pc.iceConnectionState + ', signaling ' + c.pc.signalingState;"))
                            .collect(Collectors.joining("; ")),
                    e);
        }
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
            context.getTestInstance()
                    .filter(BrowserTests.class::isInstance)
                    .map(BrowserTests.class::cast)
                    .ifPresent(test -> test.browsers.forEach(b -> b.screenshot(
                            "failed-" + context.getRequiredTestMethod().getName() + "-" + b.name + ".png")));
        }
    }

    private long matchmakerPasses() {
        Timer ticks = meters.find("speedmatch.matchmaker.tick").timer();
        return ticks == null ? 0 : ticks.count();
    }
}
