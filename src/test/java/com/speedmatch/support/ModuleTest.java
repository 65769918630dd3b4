package com.speedmatch.support;

import com.speedmatch.shared.Refused;
import com.speedmatch.user.PasswordCheck;
import com.speedmatch.user.UserService;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * For {@code @ApplicationModuleTest}s: one module (and what it depends on) started alone, on a real
 * PostgreSQL database of the module tests' own: the jobs of the application's test contexts never
 * touch what a module test writes, and a module's jobs never touch theirs.
 */
@org.springframework.test.context.ActiveProfiles("test")
@org.springframework.test.context.TestPropertySource(
        properties = "management.endpoint.health.validate-group-membership=false")
@org.springframework.context.annotation.Import({TestClockConfig.class, ModuleTest.FromOtherModules.class})
public abstract class ModuleTest {

    /**
     * Beans a module uses that another module (not started here) defines: the auth module's encoder,
     * and its password check (here without the sign-in limits, which are the auth module's tests').
     */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class FromOtherModules {

        @org.springframework.context.annotation.Bean
        PasswordEncoder passwordEncoder() {
            return new BCryptPasswordEncoder(4);
        }

        @org.springframework.context.annotation.Bean
        PasswordCheck passwordCheck(UserService users, PasswordEncoder passwords) {
            return (userId, password, clientAddress) -> {
                boolean right = users.credentials(userId)
                        .map(c -> passwords.matches(password, c.passwordHash()))
                        .orElse(false);
                if (!right) {
                    throw new Refused("Wrong password", "The password does not match");
                }
            };
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        TestDatabase.Connection db = TestDatabase.get("module_tests");
        registry.add("spring.datasource.url", db::url);
        registry.add("spring.datasource.username", db::username);
        registry.add("spring.datasource.password", db::password);
    }

    /** A user row, as registration writes it; returns the id. */
    protected static long aUser(JdbcTemplate jdbc, String gender, String interestedIn) {
        Instant now = Instant.now();
        String email = "module-" + UUID.randomUUID() + "@example.com";
        return jdbc.queryForObject(
                """
                insert into users (email, email_key, password_hash, name, birth_date, gender, interested_in, created_at, updated_at)
                values (?, ?, 'x', 'Module test', ?, ?, ?::text[], ?, ?) returning id
                """,
                Long.class,
                email,
                email,
                LocalDate.of(1995, 1, 1),
                gender,
                "{" + interestedIn + "}",
                Timestamp.from(now),
                Timestamp.from(now));
    }
}
