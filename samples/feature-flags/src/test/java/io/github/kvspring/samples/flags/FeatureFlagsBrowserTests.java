package io.github.kvspring.samples.flags;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.kvspring.test.WithNatsServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page in a real headless browser (Debian's chromium and chromedriver, which the build installs when it may):
 * live updates through Server-Sent Events, a stale edit shown as a conflict, a duplicate create refused. Without
 * the browser the tests are skipped, saying what is missing (and the build says so at its end); on CI they fail.
 * Failures save a screenshot under target/browser.
 */
@ExtendWith(FeatureFlagsBrowserTests.BrowserInstalled.class)
@WithNatsServer
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeatureFlagsBrowserTests {

	/** Debian's chromium, or the browser that {@code KV_SPRING_CHROMIUM} names. */
	static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("KV_SPRING_CHROMIUM", "/usr/bin/chromium"));

	/** Debian's chromedriver, or the one that {@code KV_SPRING_CHROMEDRIVER} names. */
	static final Path CHROMEDRIVER = Path
		.of(System.getenv().getOrDefault("KV_SPRING_CHROMEDRIVER", "/usr/bin/chromedriver"));

	static final Path SCREENSHOTS = Path.of("target", "browser");

	static ChromeDriver browser;

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	FlagRepository flags;

	@RegisterExtension
	final TestWatcher screenshotOnFailure = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			screenshot(context.getRequiredTestMethod().getName() + "-failed.png");
		}
	};

	@BeforeAll
	static void startBrowser() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1360,900",
				"--user-data-dir=" + Files.createTempDirectory("kv-spring-chromium"));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.build();
		browser = new ChromeDriver(service, options);
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
		}
	}

	@BeforeEach
	void clean() {
		this.flags.deleteAll();
	}

	@Test
	void whenFlagsChangeThroughTheApiThenThePageShowsEachChangeAndAStaleEditIsAConflict() throws Exception {
		browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(5));
		wait.until(ExpectedConditions.attributeContains(By.id("live"), "class", "on"));

		send("POST", "/api/flags", FeatureFlagsApiIntegrationTests.flag("checkout", "new-ui", false));
		WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flag-checkout-new-ui")));
		assertThat(row.findElement(By.className("enabled")).getText()).isEqualTo("off");

		long version = this.flags.findById(new FlagKey("checkout", "new-ui")).orElseThrow().version();
		send("PUT", "/api/flags/checkout/new-ui", FeatureFlagsApiIntegrationTests.edit(true, version));
		wait.until(ExpectedConditions.textToBe(By.cssSelector("#flag-checkout-new-ui .enabled"), "on"));

		// Open the editor at the current revision, let someone else change the flag, then save: a conflict.
		browser.findElement(By.cssSelector("#flag-checkout-new-ui button.edit")).click();
		long opened = Long.parseLong(browser.findElement(By.id("edit-version")).getText());
		send("PUT", "/api/flags/checkout/new-ui", FeatureFlagsApiIntegrationTests.edit(false, opened));
		wait.until(ExpectedConditions.textToBe(By.cssSelector("#flag-checkout-new-ui .revision"),
				Long.toString(this.flags.findById(new FlagKey("checkout", "new-ui")).orElseThrow().version())));
		browser.findElement(By.id("edit-save")).click();
		wait.until(ExpectedConditions.attributeContains(By.id("message"), "class", "conflict"));
		assertThat(browser.findElement(By.id("message")).getText()).contains("Conflict");

		send("POST", "/api/flags", FeatureFlagsApiIntegrationTests.flag("search", "fuzzy", true));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flag-search-fuzzy")));
		screenshot("feature-flags.png");
	}

	@Test
	void whenCreatingAnExistingFlagInThePageThenItSaysSo() throws Exception {
		send("POST", "/api/flags", FeatureFlagsApiIntegrationTests.flag("search", "ranking", true));
		browser.get("http://localhost:" + this.port + "/");
		WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(5));
		wait.until(ExpectedConditions.presenceOfElementLocated(By.id("flag-search-ranking")));
		browser.findElement(By.name("group")).sendKeys("search");
		browser.findElement(By.name("name")).sendKeys("ranking");
		browser.findElement(By.cssSelector("#create-form button")).click();
		wait.until(ExpectedConditions.attributeContains(By.id("message"), "class", "conflict"));
		assertThat(browser.findElement(By.id("message")).getText()).contains("already exists");
	}

	private void send(String method, String path, String body) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isLessThan(300);
	}

	static void screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
		}
		catch (Exception ex) {
			System.err.println("Could not save screenshot " + name + ": " + ex);
		}
	}

	/**
	 * Runs the tests when the browser and its driver are there, and always on CI, where a missing browser is a
	 * failure rather than a reason to skip; otherwise skips them, naming what is missing.
	 */
	static final class BrowserInstalled implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if ("true".equals(System.getenv("CI"))) {
				return ConditionEvaluationResult.enabled("CI installs the browser (.ci/run)");
			}
			for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
				if (!Files.isExecutable(executable)) {
					return ConditionEvaluationResult.disabled(executable
							+ " is missing (scripts/install-browser.sh installs Debian's chromium and chromium-driver)");
				}
			}
			return ConditionEvaluationResult.enabled("the browser is installed");
		}

	}

}
