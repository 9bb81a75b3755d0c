package org.ewstoken.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.ewstoken.server.Envelopes;
import org.ewstoken.server.HeadlessChromium;
import org.ewstoken.server.SoapResponses;
import org.ewstoken.server.TestServer;
import org.ewstoken.server.config.Setting;
import org.ewstoken.testkit.ClassResources;
import org.ewstoken.testkit.RequiredService;
import org.ewstoken.testkit.Credentials;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium with
 * the driver and browser named explicitly, so nothing is downloaded). One server and one browser for the
 * class; the tests run in order, as an operator would click through. Screenshots of each page go to
 * target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {

    static final String CRM = "6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b";
    static final String XSS_ID = "0badc0de-0000-4000-8000-000000000001";
    static final String XSS_NAME = "<script>window.__xss=1</script>";
    static final String XSS_DESCRIPTION = "<img src=x onerror=\"window.__xss=2\"><b>bold</b>";
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @RegisterExtension
    static final RequiredService BROWSER = HeadlessChromium.required();
    @RegisterExtension
    static final ClassResources opened = new ClassResources();

    static Path dir;
    static AdminFixture f;
    static WebDriver driver;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        if (!BROWSER.available()) return;
        dir = opened.dir();
        f = opened.add(new AdminFixture(dir.resolve("server"), Map.of()));
        driver = HeadlessChromium.start(dir.resolve("chromium-profile"), "--window-size=1400,1000",
                // Nothing but the server under test: an add-in's icon URL must not reach the internet.
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        opened.add(driver::quit);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedOnTheSignInPage() throws Exception {
        open("/console/login");
        shot("login");
        signIn(AdminFixture.ADMIN, "not the password");
        assertThat(refusal()).contains("not right");
        assertThat(driver.getCurrentUrl()).contains("/console/login");
    }

    @Test
    @Order(2)
    void anAdministratorSignsInAndSeesTheOverview() throws Exception {
        open("/console/login");
        signIn(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), "Overview"));
        assertThat(driver.findElement(By.id("health")).getText()).isEqualTo("healthy");
        assertThat(driver.findElement(By.id("whoami")).getText()).isEqualTo(AdminFixture.ADMIN);
        assertThat(driver.findElements(By.cssSelector("#chart"))).hasSize(1);
        shot("overview");
        // The doctor's checks, run from the overview: the same service as 'ewstoken doctor'.
        driver.findElement(By.id("run-doctor")).click();
        wait.until(ExpectedConditions.textToBe(By.id("doctor-verdict"), "All checks passed."));
        assertThat(driver.findElement(By.cssSelector("#doctor tr[data-check='public-url']")).getText()).contains("OK");
    }

    @Test
    @Order(3)
    void theExampleManifestInstalledByUploadIsListed() throws Exception {
        page("addins", "Add-ins");
        Path manifest = Path.of("..", "examples", "contoso-crm-manifest.xml").toAbsolutePath().normalize();
        driver.findElement(By.id("manifest-file")).sendKeys(manifest.toString());
        driver.findElement(By.id("upload")).click();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-addin='" + CRM + "']")));
        assertThat(row.findElement(By.className("addin-name")).getText()).isEqualTo("Contoso CRM");
        assertThat(row.findElement(By.className("state")).getText()).isEqualTo("enabled");
        shot("addins");
    }

    @Test
    @Order(4)
    void aDisabledAddInIsRefusedOverEwsUntilEnabledAgain() throws Exception {
        page("addins", "Add-ins");
        assertThat(callerIdentity().responseCode()).isEqualTo("NoError");
        row(CRM).findElement(By.className("toggle")).click();
        wait.until(d -> row(CRM).findElement(By.className("state")).getText().equals("disabled"));
        SoapResponses.Message refused = callerIdentity();
        assertThat(refused.responseCode()).isEqualTo("ErrorInvalidClientAccessTokenRequest");
        assertThat(refused.messageText()).contains("disabled");
        row(CRM).findElement(By.className("toggle")).click();
        wait.until(d -> row(CRM).findElement(By.className("state")).getText().equals("enabled"));
        assertThat(callerIdentity().responseCode()).isEqualTo("NoError");
    }

    @Test
    @Order(4)
    void anAddInBackEndGetsItsAudienceAndASecretShownOnce() throws Exception {
        page("addins", "Add-ins");
        new Select(driver.findElement(By.id("client-addin"))).selectByValue(CRM);
        WebElement audience = driver.findElement(By.id("client-audience"));
        audience.clear();
        audience.sendKeys("https://api.contoso.com/");
        driver.findElement(By.cssSelector("#client-form button[type=submit]")).click();
        wait.until(d -> "https://api.contoso.com/".equals(backEnd().path("backendAudience").asText()));
        page("addins", "Add-ins");
        new Select(driver.findElement(By.id("client-addin"))).selectByValue(CRM);
        driver.findElement(By.id("client-new-secret")).click();
        driver.switchTo().alert().accept();
        WebElement secret = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("client-secret")));
        assertThat(secret.getText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(backEnd().path("hasSecret").asBoolean()).isTrue();
        shot("addin-back-end");
    }

    @Test
    @Order(5)
    void anIdentityTokenMintedInThePlaygroundValidates() throws Exception {
        page("playground", "Playground");
        new Select(driver.findElement(By.id("p-user"))).selectByValue(TestServer.ALICE);
        new Select(driver.findElement(By.id("p-addin"))).selectByValue(CRM);
        new Select(driver.findElement(By.id("p-type"))).selectByValue("CallerIdentity");
        driver.findElement(By.id("mint")).click();
        WebElement token = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("minted-token")));
        assertThat(token.getDomProperty("value")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        WebElement claims = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("decoded-claims")));
        assertThat(claims.getText()).contains("aud").contains("https://crm.contoso.com/outlook/read.html")
                .contains("Audience");
        assertThat(driver.findElement(By.id("decoded-appctx")).getText()).contains("msexchuid").contains("ExIdTok.V1");
        driver.findElement(By.id("to-validate")).click();
        assertThat(validate()).startsWith("Valid (identity token)");
        shot("playground");
    }

    @Test
    @Order(6)
    void aTamperedTokenIsRefusedWithTheReason() throws Exception {
        WebElement box = driver.findElement(By.id("v-token"));
        String token = box.getDomProperty("value");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replaceFirst("\"exp\":(\\d+)", "\"exp\":4102444800").getBytes(StandardCharsets.UTF_8));
        box.clear();
        box.sendKeys(parts[0] + "." + forged + "." + parts[2]);
        assertThat(validate()).startsWith("Invalid: BAD_SIGNATURE");
        shot("playground-tampered");
    }

    @Test
    @Order(7)
    void rotatingAKeyChangesTheTimeline() throws Exception {
        page("keys", "Signing keys");
        int before = driver.findElements(By.cssSelector("#keys-table tbody tr")).size();
        driver.findElement(By.id("rotate")).click();
        wait.until(d -> d.findElements(By.cssSelector("#keys-table tbody tr")).size() == before + 1);
        List<WebElement> rows = driver.findElements(By.cssSelector("#keys-table tbody tr"));
        assertThat(rows.get(rows.size() - 1).getText()).contains("pending");
        shot("keys");
    }

    @Test
    @Order(8)
    void theAdminEventsOfAllOfThatAreShown() throws Exception {
        page("audit", "Audit");
        String events = driver.findElement(By.id("events-table")).getText();
        assertThat(events).contains("addin.install").contains("addin.disable").contains("addin.enable")
                .contains("key.rotate").contains(AdminFixture.ADMIN);
        assertThat(driver.findElement(By.id("audit-table")).getText()).contains("CallerIdentity").contains(TestServer.ALICE);
        shot("audit");
        page("users", "Users");
        assertThat(driver.findElement(By.id("users-table")).getText()).contains(TestServer.ALICE).contains("administrator");
        shot("users");
        page("overview", "Overview");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        shot("overview-with-traffic"); // docs/console.png is a copy of this one
    }

    @Test
    @Order(9)
    void whatManifestsAndUsersSupplyStaysText() throws Exception {
        String xml = Files.readString(Path.of("..", "examples", "contoso-crm-manifest.xml"))
                .replace("6F1D2A3B-4C5D-4E6F-8A9B-0C1D2E3F4A5B", XSS_ID)
                .replace("DefaultValue=\"Contoso CRM\"", "DefaultValue=\"" + xmlEscape(XSS_NAME) + "\"")
                .replace("DefaultValue=\"Shows the CRM record of the sender.\"", "DefaultValue=\"" + xmlEscape(XSS_DESCRIPTION) + "\"");
        HttpResponse<String> installed = f.send("POST", "/api/admin/addins", xml,
                "Authorization", Credentials.basic(AdminFixture.ADMIN, AdminFixture.ADMIN_PASSWORD));
        assertThat(installed.statusCode()).as(installed.body()).isEqualTo(201);
        assertThat(f.asAdmin("POST", "/api/admin/users", "{\"smtp\":\"mallory@contoso.com\",\"displayName\":"
                + AdminFixture.JSON.writeValueAsString(XSS_NAME) + ",\"password\":\"long enough 1\"}").statusCode()).isEqualTo(201);

        page("addins", "Add-ins");
        WebElement row = row(XSS_ID);
        assertThat(row.findElement(By.className("addin-name")).getText()).isEqualTo(XSS_NAME);
        assertThat(row.findElement(By.className("addin-description")).getText()).isEqualTo(XSS_DESCRIPTION);
        assertThat(row.findElements(By.cssSelector("script, b, img[src='x']"))).isEmpty();
        page("users", "Users");
        assertThat(driver.findElement(By.cssSelector("tr[data-user='mallory@contoso.com']")).getText()).contains(XSS_NAME);
        page("playground", "Playground");
        assertThat(driver.findElement(By.id("p-addin")).getText()).contains(XSS_NAME);
        assertThat(((JavascriptExecutor) driver).executeScript("return typeof window.__xss")).isEqualTo("undefined");
    }

    @Test
    @Order(10)
    void repeatedWrongPasswordsLockTheAccountOut() throws Exception {
        f.asAdmin("POST", "/api/admin/users", "{\"smtp\":\"ops@contoso.com\",\"password\":\"ops password 1\",\"admin\":true}");
        driver.manage().deleteAllCookies();
        // Lockouts start at 1 s and double with each further failure (docs/security.md), so a slow browser
        // may find the first one over: wrong passwords go on until the page says the account is locked.
        String message = "";
        for (int i = 0; i < 10 && !message.contains("locked"); i++) {
            open("/console/login");
            signIn("ops@contoso.com", "wrong " + i);
            message = refusal();
            assertThat(i >= 5 || !message.contains("locked")).as("locked after %d failures", i).isTrue();
        }
        assertThat(message).contains("locked");
        assertThat(driver.getCurrentUrl()).endsWith("/console/login?error=locked");
        shot("lockout");
    }

    // ---- helpers

    private static SoapResponses.Message callerIdentity() throws Exception {
        HttpResponse<String> r = f.server.soap(Envelopes.getClientAccessToken("Exchange2013",
                Envelopes.tokenRequest(CRM, "CallerIdentity")), TestServer.ALICE, TestServer.PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        return SoapResponses.messages(r.body()).get(0);
    }

    private static com.fasterxml.jackson.databind.JsonNode backEnd() {
        try {
            return AdminFixture.json(f.asAdmin("GET", "/api/admin/addins/" + CRM + "/client", null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static WebElement row(String id) {
        return driver.findElement(By.cssSelector("tr[data-addin='" + id + "']"));
    }

    private static void open(String path) {
        driver.get(f.url(path).toString());
    }

    /** Opens a console page by its navigation link, as a keyboard user would, and waits for it. */
    private static void page(String name, String heading) {
        ((JavascriptExecutor) driver).executeScript("document.getElementById('main').removeAttribute('data-page')");
        WebElement link = driver.findElement(By.cssSelector("nav a[data-page='" + name + "']"));
        link.sendKeys(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.attributeToBe(By.id("main"), "data-page", name));
        wait.until(ExpectedConditions.textToBe(By.cssSelector("main h1"), heading));
        assertAccessible(name);
    }

    /**
     * What a screen reader and a keyboard need on every page: each field has a label, each image an alt
     * text, each button a name, and the page one h1.
     */
    private static void assertAccessible(String page) {
        Object unlabelled = ((JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('main input:not([type=hidden]), main select, main textarea'))"
                        + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.outerHTML)"
                        + ".concat(Array.from(document.querySelectorAll('main img:not([alt])')).map(e => e.outerHTML))"
                        + ".concat(Array.from(document.querySelectorAll('button')).filter(b => !b.textContent.trim()"
                        + " && !b.getAttribute('aria-label')).map(e => e.outerHTML))");
        assertThat((List<?>) unlabelled).as("unlabelled controls on %s", page).isEmpty();
        assertThat(driver.findElements(By.cssSelector("main h1"))).as("one h1 on %s", page).hasSize(1);
    }

    /**
     * The sign-in page's refusal, read from the page the refusal redirected to, not from the form page still
     * unloading (whose nodes Chromium may already have detached: "Node ... does not belong to the document").
     */
    private static String refusal() {
        wait.until(ExpectedConditions.urlContains("error="));
        return new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error"))).getText();
    }

    private static void signIn(String user, String password) {
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("signin")).click();
    }

    /** Presses the playground's Validate button; the verdict it then shows. */
    private static String validate() {
        driver.findElement(By.id("validate")).click();
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verdict-text"))).getText();
    }

    private static void shot(String name) throws IOException {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static String xmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
