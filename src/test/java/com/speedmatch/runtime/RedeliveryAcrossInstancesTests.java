package com.speedmatch.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.speedmatch.runtime.internal.EventRedelivery;
import com.speedmatch.support.MutableClock;
import com.speedmatch.support.Node;
import com.speedmatch.support.Users;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances on one database, both resubmitting every 100 ms, with a backlog of mails that
 * failed while the mail server was away and more published while it catches up: every mail
 * arrives exactly once.
 */
class RedeliveryAcrossInstancesTests {

    static final MutableClock clock = new MutableClock();
    static final int port = freePort();
    static GreenMail smtp;
    static Node one;
    static Node two;
    static JdbcTemplate jdbc;

    @BeforeAll
    static void startTwoInstancesWithTheMailServerAway() {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        String[] properties = {
            "spring.mail.host=127.0.0.1",
            "spring.mail.port=" + port,
            "events.redelivery-after=0s",
            "events.redelivery-interval=100ms"
        };
        one = Node.start("redelivery_tests", clock, properties);
        two = Node.start("redelivery_tests", clock, properties);
        jdbc = new JdbcTemplate(one.bean(DataSource.class));
    }

    @AfterAll
    static void stop() {
        if (one != null) {
            one.close();
        }
        if (two != null) {
            two.close();
        }
        smtp.stop();
    }

    @Test
    void aBacklogOfFailedMailsIsDeliveredOnceEachByTwoInstances() {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            addresses.add(new Users((i % 2 == 0 ? one : two).api)
                    .aWoman()
                    .register()
                    .email
                    .toLowerCase());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> mailPublications("completion_date is null") >= 10);

        smtp.start();
        for (int i = 0; i < 10; i++) {
            addresses.add(new Users((i % 2 == 0 ? two : one).api)
                    .aMan()
                    .register()
                    .email
                    .toLowerCase());
        }
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> received().keySet().containsAll(addresses) && mailPublications("true") == 0);

        one.bean(EventRedelivery.class).resubmit();
        two.bean(EventRedelivery.class).resubmit();

        Map<String, Long> received = received();
        assertThat(addresses)
                .allSatisfy(
                        address -> assertThat(received.get(address)).as(address).isEqualTo(1L));
    }

    private static long mailPublications(String condition) {
        return jdbc.queryForObject(
                "select count(*) from event_publication where event_type like '%AccountMail' and " + condition,
                Long.class);
    }

    private static Map<String, Long> received() {
        return Arrays.stream(smtp.getReceivedMessages())
                .map(RedeliveryAcrossInstancesTests::recipient)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString().toLowerCase();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
