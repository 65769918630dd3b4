package com.speedmatch.support;

import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests that read the account's mails from a real SMTP server (GreenMail) in the test JVM. One
 * server for the whole run, so every subclass shares one application context.
 */
public abstract class MailTest extends IntegrationTest {

    protected static final GreenMail SMTP =
            new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    static {
        SMTP.start();
        Runtime.getRuntime().addShutdownHook(new Thread(SMTP::stop));
    }

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("speedmatch.public-url", () -> "https://speedmatch.example");
        registry.add("moderation.moderators", () -> "mod-kelvin@example.com, mod-verified@example.com");
    }

    /** The mails to {@code address} whose subject contains {@code subject}, as they are now. */
    protected static List<MimeMessage> mailsTo(String address, String subject) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(message -> {
                    try {
                        return message.getAllRecipients()[0].toString().equalsIgnoreCase(address)
                                && message.getSubject().contains(subject);
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    /** Waits for the mail and returns the token of its {@code #<fragment>=} link. */
    protected static String tokenFromMailTo(String address, String subject, String fragment) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !mailsTo(address, subject).isEmpty());
        List<MimeMessage> mails = mailsTo(address, subject);
        Matcher link = Pattern.compile("https://speedmatch\\.example/#" + fragment + "=([A-Za-z0-9_-]+)")
                .matcher(GreenMailUtil.getBody(mails.get(mails.size() - 1)));
        if (!link.find()) {
            throw new AssertionError("No #" + fragment + " link in the mail to " + address);
        }
        return link.group(1);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
