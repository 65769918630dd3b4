package com.speedmatch.auth;

import lombok.extern.slf4j.Slf4j;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Sends the password reset mails, after commit and off the request's thread, holding no database
 * connection while the mail server answers. A mail that fails stays in the publication registry
 * and is sent again when incomplete publications are resubmitted.
 *
 * <p>Without {@code spring.mail.host} (the embedded default) the mail is written to the log.
 */
@Slf4j
@Component
class ResetMails {

    private final ObjectProvider<JavaMailSender> mail;
    private final String from;

    ResetMails(ObjectProvider<JavaMailSender> mail,
            @Value("${speedmatch.mail-from:SpeedMatch <no-reply@speedmatch.invalid>}") String from) {
        this.mail = mail;
        this.from = from;
    }

    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    void on(ResetMail reset) {
        String text = "Someone (hopefully you) asked to reset your SpeedMatch password.\n\n"
                + "Choose a new one here, within 30 minutes:\n" + reset.link() + "\n\n"
                + "If it was not you, ignore this mail: your password stays as it is.";
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.info("No mail server configured (spring.mail.host); the password reset mail for {} would say:\n{}",
                    reset.address(), text);
            return;
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(reset.address());
        message.setSubject("Reset your SpeedMatch password");
        message.setText(text);
        try {
            sender.send(message);
        } catch (RuntimeException e) {
            log.warn("Password reset mail not sent; it is sent again later: {}", e.getMessage());
            throw e;
        }
    }
}
