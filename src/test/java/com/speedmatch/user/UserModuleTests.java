package com.speedmatch.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedmatch.support.ModuleTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;

/**
 * The user module alone: what the pool, the calls and every instance's caches need to hear of an
 * account goes out as its events, and the account's state reads back at once.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES)
class UserModuleTests extends ModuleTest {

    @Autowired
    AccountLifecycle lifecycle;

    @Autowired
    AccountStates states;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aSuspensionIsToldAsRestrictedAndChangedAndHoldsAtOnce(AssertablePublishedEvents events) {
        long anna = aUser(jdbc, "woman", "man");
        assertThat(states.restriction(anna)).isEmpty();

        lifecycle.restrict(anna, Instant.now().plusSeconds(3600), false);

        assertThat(events).contains(AccountRestricted.class).matching(AccountRestricted::userId, anna);
        assertThat(events).contains(AccountChanged.class).matching(AccountChanged::userId, anna);
        assertThat(states.restriction(anna))
                .hasValueSatisfying(refused -> assertThat(refused.getMessage()).contains("suspended"));

        lifecycle.lift(anna);
        assertThat(states.restriction(anna)).isEmpty();
    }
}
