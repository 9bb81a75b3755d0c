package org.ewstoken.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ewstoken.testkit.RequiredService;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for browser tests (Debian's chromium and chromium-driver, driven by Selenium with the
 * driver and browser named explicitly, so nothing is downloaded), with the switches it needs to run as root on a
 * loaded machine and a fresh profile.
 */
public final class HeadlessChromium {

    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /**
     * Selenium warns that it has no DevTools binding for this Chromium; WebDriver itself needs none. Held here:
     * java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium"));

    private HeadlessChromium() {
    }

    /** What a browser test registers: skipped without Chromium and its driver (failed with CI=true). */
    public static RequiredService required() {
        return RequiredService.of("Chromium with chromedriver", () -> {
            String browser = RequiredService.executable(CHROMIUM, "apt-get install chromium");
            return browser != null ? browser : RequiredService.executable(CHROMEDRIVER, "apt-get install chromium-driver");
        });
    }

    /** Starts the browser with a new profile in {@code profile} and {@code more} switches. */
    public static WebDriver start(Path profile, String... more) throws IOException {
        for (java.util.logging.Logger l : QUIET) l.setLevel(java.util.logging.Level.OFF);
        List<String> arguments = new ArrayList<>(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(profile)));
        arguments.addAll(List.of(more));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(arguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
