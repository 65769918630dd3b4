package com.speedmatch.faults;

import com.speedmatch.support.MutableClock;
import com.speedmatch.support.Node;
import com.speedmatch.support.TestDatabase;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Faults between the service and PostgreSQL (a freeze, resets, 200 ms latency, a bandwidth
 * throttle), each for {@link FaultRun#FAULT} while 200 people date, signal and message on one
 * instance; see {@link FaultRun} for the invariants checked after each.
 */
class PostgresFaultTests {

    private static final String DATABASE = "postgres_fault_tests";

    static FaultyLink link;
    static Node node;
    static Crowd crowd;
    static JdbcTemplate db;

    @BeforeAll
    static void startBehindTheLink() throws Exception {
        TestDatabase.Connection direct = TestDatabase.get(DATABASE);
        URI target = URI.create(direct.url().substring("jdbc:".length()));
        link = FaultyLink.to(target.getHost(), target.getPort());
        TestDatabase.Connection proxied = new TestDatabase.Connection(
                direct.url().replaceFirst("//[^/]+/", "//127.0.0.1:" + link.port() + "/"),
                direct.username(),
                direct.password(),
                direct.kind());
        node = Node.start(proxied, new MutableClock());
        db = new JdbcTemplate(new DriverManagerDataSource(direct.url(), direct.username(), direct.password()));
        crowd = Crowd.signUp(200, List.of(node.api));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (link != null) {
            link.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FaultyLink.Fault.class)
    void aCrowdDatesThroughTheFaultAndNothingAcknowledgedIsLost(FaultyLink.Fault fault) throws Exception {
        FaultRun.run("PostgreSQL", fault, link, crowd, List.of(node), db);
    }
}
