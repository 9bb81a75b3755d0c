package org.ewstoken.front;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ewstoken.server.TestServer.CRM;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.HeadlessChromium;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.store.Permission;
import org.ewstoken.testkit.ClassResources;
import org.ewstoken.testkit.RequiredService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * A task pane in a real headless Chromium calls EWS through the front with a callback token: a page served from
 * the installed add-in's origin reads the upstream's answer; the same script on a page of another origin is
 * stopped by the browser, and nothing reaches the upstream.
 */
class TaskPaneBrowserTest {

    static final String ITEM = CallbackTokenTest.ITEM;
    static final String MARKER = "Quarterly numbers from the upstream";

    @RegisterExtension
    static final RequiredService BROWSER = HeadlessChromium.required();
    @RegisterExtension
    static final ClassResources opened = new ClassResources();

    static Path dir;
    static UpstreamFixture upstream;
    static TestServer front;
    static Server addInSite;
    static Server otherSite;
    static WebDriver driver;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        if (!BROWSER.available()) return;
        dir = opened.dir();
        upstream = opened.add(new UpstreamFixture());
        front = opened.add(Front.withServiceAccount(dir, upstream));
        addInSite = site();
        opened.add(addInSite::stop);
        otherSite = site();
        opened.add(otherSite::stop);
        front.addUser(TestServer.ALICE);
        front.addAddIn(CRM, Permission.READ_ITEM, origin(addInSite) + "/read.html", Set.of(), true, null);
        var r = front.soap(Envelopes.getClientAccessToken("Exchange2013",
                Envelopes.tokenRequest(CRM, "ExtensionCallback", "ParentItemId:" + ITEM, null)),
                TestServer.ALICE, TestServer.PASSWORD);
        token = SoapResponses.messages(r.body()).get(0).tokenValue();
        assertThat(token).isNotBlank();

        driver = HeadlessChromium.start(dir.resolve("chromium-profile"));
        opened.add(driver::quit);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @Test
    void aTaskPaneOfTheInstalledAddInFetchesGetItemWithItsCallbackTokenAndReadsTheUpstreamsAnswer() throws Exception {
        // The GetItem gets the marked answer; the front's own check that the service account may act for the
        // mailbox (an impersonated GetFolder of the inbox, sent first) gets the plain one.
        String marked = UpstreamFixture.OK_ENVELOPE.replace("GetFolder", "GetItem")
                .replace("<m:ResponseCode>NoError</m:ResponseCode>", "<m:ResponseCode>NoError</m:ResponseCode><!--"
                        + MARKER + "-->");
        upstream.dispatcher(r -> UpstreamFixture.Answer.ok(r.bodyText().contains("GetItem") ? marked
                : UpstreamFixture.OK_ENVELOPE));
        String result = fetchFrom(addInSite);
        assertThat(result).startsWith("status 200").contains(MARKER);
        UpstreamFixture.Recorded got = upstream.takeRequest();
        if (got.bodyText().contains("<t:DistinguishedFolderId Id=\"inbox\"/>")) got = upstream.takeRequest();
        assertThat(got.bodyText()).contains("<t:ItemId Id=\"" + ITEM + "\"");
        assertThat(got.header("Authorization")).startsWith("Basic ");
    }

    @Test
    void theSameScriptOnAPageOfAnotherOriginIsBlockedByTheBrowserAndNothingReachesTheUpstream() throws Exception {
        while (upstream.pollRequest(Duration.ZERO) != null) {
            // what the other test left
        }
        String result = fetchFrom(otherSite);
        assertThat(result).startsWith("blocked").contains("Failed to fetch");
        assertThat(upstream.pollRequest(Duration.ofMillis(500))).isNull();
    }

    /** Opens the site's page and runs, in it, what a task pane does: fetch GetItem with the callback token. */
    static String fetchFrom(Server site) {
        driver.get(origin(site) + "/read.html");
        String script = """
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', body: arguments[2],
                        headers: {'Authorization': 'Bearer ' + arguments[1], 'Content-Type': 'text/xml; charset=utf-8'}})
                    .then(r => r.text().then(t => done('status ' + r.status + '\\n' + t)))
                    .catch(e => done('blocked: ' + e.message));
                """;
        return (String) ((JavascriptExecutor) driver).executeAsyncScript(script,
                front.url("/EWS/Exchange.asmx").toString(), token, CallbackTokenTest.getItem(ITEM, ""));
    }

    static String origin(Server site) {
        return "http://127.0.0.1:" + ((ServerConnector) site.getConnectors()[0]).getLocalPort();
    }

    /** A web server on a port of its own: an origin of its own, serving one blank task pane page. */
    static Server site() throws Exception {
        Server server = new Server();
        UpstreamFixture.serveOnLoopback(server, new ServerConnector(server), (request, response, callback) -> {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
            response.write(true, ByteBuffer.wrap("<!doctype html><title>Task pane</title><p>pane</p>"
                    .getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        });
        return server;
    }
}
