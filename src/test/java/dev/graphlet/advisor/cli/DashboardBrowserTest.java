package dev.graphlet.advisor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard of a running demo in a real headless Chromium: the page loads without console errors and its
 * figures and plots fill with the fleet's data. Keeps a screenshot at target/dashboard.png.
 */
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** The n-th key figure on the page (0: graphlets, 4: avoided by SKIPs), or -1 while there is none. */
    private static long kpi(org.openqa.selenium.WebDriver d, int n) {
        // Read in the page in one go: the figures are redrawn every two seconds, so element handles go stale.
        Object text = ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "const b = document.querySelectorAll('#kpis .kpi b'); return b.length > arguments[0] ? b[arguments[0]].textContent : null;", n);
        String digits = text == null ? "" : text.toString().replace(",", "");
        return digits.matches("\\d+") ? Long.parseLong(digits) : -1;
    }

    @Test
    void theDashboardOfARunningDemoShowsTheFleetWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CompletableFuture<CliRun> demo = CompletableFuture.supplyAsync(() -> CliRun.of("demo", "--duration", "45",
                "--http-port", Integer.toString(port), "--pipelines", "150", "--warm-up-days", "3"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(500));
            wait.until(d -> {
                try {
                    d.get("http://localhost:" + port + "/");
                    return true;
                } catch (RuntimeException e) {
                    return false; // the demo is still starting
                }
            });
            // The key figures fill in and the charts draw once graphlets are final.
            wait.until(d -> kpi(d, 0) > 0);
            wait.until(d -> !d.findElements(By.cssSelector("#wasteful tr.pick")).isEmpty());
            // The history's graphlets, then (if they come in time) the first runs cancelled on advice.
            wait.until(d -> kpi(d, 0) >= 300);
            try {
                new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(500)).until(d -> kpi(d, 4) > 0);
            } catch (org.openqa.selenium.TimeoutException e) {
                System.out.println("No SKIP followed yet when the screenshot was taken");
            }
            assertThat(browser.findElements(By.cssSelector("#cost canvas"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#deploys canvas"))).isNotEmpty();
            assertThat(browser.findElements(By.cssSelector("#guards canvas"))).isNotEmpty();
            assertThat(browser.findElement(By.id("guards-title")).getText()).contains("SKIPs given");
            assertThat(browser.findElement(By.id("state")).getText()).contains("mode ACTIVE");
            assertThat(browser.findElement(By.id("detail-title")).getText()).startsWith("Pipeline ");
            Number hours = (Number) browser.executeScript(
                    "return echarts.getInstanceByDom(document.getElementById('cost')).getOption().xAxis[0].data.length;");
            assertThat(hours.intValue()).isPositive();

            Path shot = Path.of("target", "dashboard.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

            List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(errors).as("console errors").isEmpty();
        } finally {
            browser.quit();
        }
        CliRun finished = demo.get(3, TimeUnit.MINUTES);
        assertThat(finished.exitCode()).as(finished.err()).isZero();
    }
}
