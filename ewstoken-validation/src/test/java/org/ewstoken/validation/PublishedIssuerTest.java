package org.ewstoken.validation;

import org.ewstoken.testkit.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the validator tests start from: a real metadata server publishing the key of a fresh {@link TestIssuer},
 * whose test clock stands at the real time. A subclass's own @BeforeEach runs after this one's.
 */
abstract class PublishedIssuerTest {

    MetadataServer server;
    TestIssuer issuer;
    TestClock clock;

    @BeforeEach
    void publishAnIssuer() throws Exception {
        server = MetadataServer.http();
        issuer = TestIssuer.publishedBy(server);
        clock = issuer.clock;
    }

    @AfterEach
    void closeTheMetadataServer() {
        server.close();
    }
}
