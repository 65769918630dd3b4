package com.speedmatch.email.internal;

import com.speedmatch.email.AccountMail;
import com.speedmatch.email.MailSeal;
import com.speedmatch.runtime.Deliveries;
import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Sends the account's mails (reset and verification links), after commit and off the request's
 * thread, holding no database connection while the mail server answers (which has connect and
 * read timeouts: {@code spring.mail.properties.mail.smtp.*timeout}). A mail that fails stays in
 * the publication registry and is sent again when failed publications are resubmitted; one that was
 * sent is never sent again ({@link Deliveries}).
 *
 * <p>Without {@code spring.mail.host} (the embedded default) the mail is written to the log.
 */
@Slf4j
@Component
public class AccountMails {

    private final ObjectProvider<JavaMailSender> mail;
    private final Deliveries deliveries;
    private final String from;
    private final MailSeal seal;

    AccountMails(
            ObjectProvider<JavaMailSender> mail,
            Deliveries deliveries,
            MailSeal seal,
            @Value("${speedmatch.mail-from:SpeedMatch <no-reply@speedmatch.invalid>}") String from) {
        this.mail = mail;
        this.deliveries = deliveries;
        this.seal = seal;
        this.from = from;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(AccountMail accountMail) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.info(
                    "No mail server configured (spring.mail.host); the mail \"{}\" for {} would say:\n{}",
                    accountMail.subject(),
                    accountMail.address(),
                    accountMail.text(seal));
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(accountMail.address());
        message.setSubject(accountMail.subject());
        message.setText(accountMail.text(seal));
        try {
            // Once per mail: its text holds a one-time link, so a redelivered publication finds it sent.
            deliveries.once(
                    "mail",
                    accountMail.address() + "\n" + accountMail.subject() + "\n" + accountMail.text(seal),
                    () -> sender.send(message));
        } catch (RuntimeException e) {
            log.warn("Mail \"{}\" not sent; it is sent again later: {}", accountMail.subject(), e.getMessage());
            throw e;
        }
    }
}
