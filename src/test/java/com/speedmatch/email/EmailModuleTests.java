package com.speedmatch.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.shared.SecretTokens;
import com.speedmatch.support.ModuleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;

/**
 * The email module alone: a verification is an AccountMail to the account's address with its
 * one-time link, and only the link's hash is kept.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class EmailModuleTests extends ModuleTest {

    @Autowired
    EmailVerification verification;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MailSeal seal;

    @Autowired
    EventSerializer serializer;

    @Test
    void aVerificationMailsTheLinkAndKeepsOnlyItsHash(AssertablePublishedEvents events) {
        long cleo = aUser(jdbc, "woman", "man");
        String address = jdbc.queryForObject("select email from users where id = ?", String.class, cleo);

        verification.start(cleo);

        assertThat(events)
                .contains(AccountMail.class)
                .matching(mail ->
                        mail.address().equals(address) && mail.text(seal).contains("/#verify="));
        AccountMail mail = events.ofType(AccountMail.class).iterator().next();
        String token = mail.text(seal).replaceAll("(?s).*#verify=([A-Za-z0-9_-]+).*", "$1");
        assertThat(jdbc.queryForList(
                        "select token_hash from email_verifications where user_id = ?", String.class, cleo))
                .containsExactly(SecretTokens.sha256(token));
        // What waits in the event publication registry until the mail is sent holds the link sealed.
        assertThat(String.valueOf(serializer.serialize(mail)))
                .contains(address)
                .doesNotContain(token)
                .doesNotContain("#verify=");
    }
}
