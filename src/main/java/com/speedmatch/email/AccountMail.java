package com.speedmatch.email;

import com.speedmatch.email.internal.AccountMails;
import org.jmolecules.event.annotation.DomainEvent;

/**
 * A mail about the account to send (a password reset link, an email verification link):
 * published in the transaction that stores its token, sent after commit by {@link AccountMails},
 * so the request answers in the same time whether or not a mail goes out. The publication
 * registry keeps it until it is sent; completed publications are deleted. Its one-time link is
 * sealed ({@link MailSeal}) and written where the text says {@value #LINK}: no token waits in the
 * registry's table in clear. A mail published before links were sealed has its link in the text.
 */
@DomainEvent
public record AccountMail(String address, String subject, String text, String sealedLink) {

    public static final String LINK = "{link}";

    /** The mail's text with its link, opened with {@code seal}. */
    public String text(MailSeal seal) {
        return sealedLink == null ? text : text.replace(LINK, seal.open(sealedLink));
    }

    public static AccountMail reset(String address, String sealedLink) {
        return new AccountMail(
                address,
                "Reset your SpeedMatch password",
                "Someone (hopefully you) asked to reset your SpeedMatch password.\n\n"
                        + "Choose a new one here, within 30 minutes:\n" + LINK + "\n\n"
                        + "If it was not you, ignore this mail: your password stays as it is.",
                sealedLink);
    }

    public static AccountMail verification(String address, String sealedLink) {
        return new AccountMail(
                address,
                "Confirm your email for SpeedMatch",
                "Welcome to SpeedMatch!\n\nConfirm that this address is yours, within 24 hours:\n" + LINK + "\n\n"
                        + "If you did not sign up, ignore this mail: nothing else happens.",
                sealedLink);
    }
}
