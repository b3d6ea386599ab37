package io.uidalloc.service.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The system's Chromium, headless, driven through its own chromedriver, with a fresh profile per browser. Tests that
 * need it call {@link #assumeInstalled()} first, so that without Chromium they are reported as skipped with the
 * reason, never as passed.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** The laptop screen the dashboard is designed for. */
    public static final Dimension LAPTOP = new Dimension(1366, 768);

    /** Where screenshots go; the build's target directory, so a clean build removes them. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** How long to wait for the page to show something, such as its own refresh; generous for slow CI machines. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final String base;
    private final Path profile;
    private final ChromeDriver driver;

    private Browser(String base, Path profile, ChromeDriver driver) {
        this.base = base;
        this.profile = profile;
        this.driver = driver;
    }

    /** Skips the calling test, saying what to install, unless Chromium and its driver are there. */
    public static void assumeInstalled() {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                        + "; install them with: apt-get install -y chromium chromium-driver");
    }

    public static Browser open(int port) {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("uidalloc-chromium-");
            ChromeOptions options = new ChromeOptions()
                    .setBinary(CHROMIUM.toFile())
                    .addArguments(
                            "--headless=new",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-dev-shm-usage",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync",
                            "--no-first-run",
                            "--force-device-scale-factor=1",
                            "--window-size=" + LAPTOP.getWidth() + "," + LAPTOP.getHeight(),
                            "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                    .usingAnyFreePort()
                    .build();
            return new Browser("http://localhost:" + port, profile, new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory in the temp dir", e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(base + path);
    }

    /** The element, once the page shows it: a page that is still loading is waited for, not failed on. */
    public WebElement find(String css) {
        return waitFor("the page shows " + css, d -> d.findElement(By.cssSelector(css)));
    }

    /** Waits for the condition the page should reach by itself, failing with the page's address if it does not. */
    public <T> T waitFor(String what, Function<WebDriver, T> condition) {
        try {
            // The pages redraw parts of themselves while polling, so an element may be replaced while it is read.
            return new WebDriverWait(driver, PATIENCE)
                    .ignoring(StaleElementReferenceException.class)
                    .ignoring(NoSuchElementException.class)
                    .withMessage(() -> what + " (page " + driver.getCurrentUrl() + "; see "
                            + SCREENSHOTS.resolve("failed.png") + ")")
                    .until(condition);
        } catch (TimeoutException e) {
            screenshot("failed");
            throw e;
        }
    }

    /** The text of the element, once it is there; the element may be redrawn in between, so use it within a wait. */
    public String text(String css) {
        return find(css).getText();
    }

    /**
     * Moves the pointer to a point of the element, given from its top left corner, scrolling it into view first.
     * Selenium's element offsets count from the centre of the element's visible part, which moves with scrolling;
     * viewport coordinates do not.
     */
    public void pointAt(WebElement element, int x, int y) {
        JavascriptExecutor script = (JavascriptExecutor) driver;
        script.executeScript(
                "const r = arguments[0].getBoundingClientRect(), y = r.top + arguments[1];"
                        + " if (y < 60 || y > window.innerHeight - 20) window.scrollBy(0, y - window.innerHeight / 2);",
                element,
                y);
        List<?> corner = (List<?>) script.executeScript(
                "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top];", element);
        int left = ((Number) corner.get(0)).intValue();
        int top = ((Number) corner.get(1)).intValue();
        new Actions(driver).moveToLocation(left + x, top + y).perform();
    }

    /** Signs in to the dashboard with the token. */
    public void signIn(String token) {
        go("/dashboard/login");
        find("#token").sendKeys(token);
        find("form button[type=submit]").click();
        // The next page must not be asked for before the answer to the sign-in (and its session cookie) arrived:
        // the dashboard on success, the login form with ?error on failure.
        waitFor("the sign-in is answered", d -> !d.getCurrentUrl().endsWith("/dashboard/login"));
    }

    /** Saves what the screen shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name + " under " + SCREENSHOTS, e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // A leftover profile in the temp dir harms nothing; the next run uses a new one.
        }
    }
}
