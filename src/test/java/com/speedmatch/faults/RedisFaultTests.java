package com.speedmatch.faults;

import com.speedmatch.support.MutableClock;
import com.speedmatch.support.Node;
import com.speedmatch.support.TestDatabase;
import com.speedmatch.support.TestRedis;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Faults between two instances in cluster mode and their Redis (signals, news between instances,
 * rate limits): a freeze, resets, 200 ms latency, a bandwidth throttle, each for
 * {@link FaultRun#FAULT} while 200 people date, signal and message, half on each instance; see
 * {@link FaultRun} for the invariants checked after each.
 */
class RedisFaultTests {

    private static final String DATABASE = "redis_fault_tests";
    private static final int REDIS_DATABASE = 6;

    static FaultyLink link;
    static Node one;
    static Node two;
    static Crowd crowd;
    static JdbcTemplate db;

    @BeforeAll
    static void startTwoInstancesBehindTheLink() throws Exception {
        URI redis = URI.create(TestRedis.url(REDIS_DATABASE));
        TestRedis.flush(redis.toString());
        link = FaultyLink.to(redis.getHost(), redis.getPort());
        MutableClock clock = new MutableClock();
        String[] cluster = {
            "cluster.enabled=true", "spring.data.redis.url=redis://127.0.0.1:" + link.port() + "/" + REDIS_DATABASE
        };
        one = Node.start(DATABASE, clock, cluster);
        two = Node.start(DATABASE, clock, cluster);
        TestDatabase.Connection direct = TestDatabase.get(DATABASE);
        db = new JdbcTemplate(new DriverManagerDataSource(direct.url(), direct.username(), direct.password()));
        crowd = Crowd.signUp(200, List.of(one.api, two.api));
    }

    @AfterAll
    static void stop() {
        for (Node node : new Node[] {one, two}) {
            if (node != null) {
                node.close();
            }
        }
        if (link != null) {
            link.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FaultyLink.Fault.class)
    void aCrowdOnTwoInstancesDatesThroughTheFaultAndNothingAcknowledgedIsLost(FaultyLink.Fault fault) throws Exception {
        FaultRun.run("Redis", fault, link, crowd, List.of(one, two), db);
    }
}
