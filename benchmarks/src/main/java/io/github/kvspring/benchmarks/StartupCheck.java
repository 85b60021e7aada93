package io.github.kvspring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.github.kvspring.server.NatsServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start-up cost the starter adds: a minimal Boot application started in fresh JVMs, with the starter's
 * auto-configuration (connection, a declared bucket, template, repositories, listeners) and without it, on
 * the same class path.
 */
public final class StartupCheck {

	private static final int RUNS = 7;

	private StartupCheck() {
	}

	/**
	 * The minimal application.
	 */
	@SpringBootApplication
	static class MinimalApplication {

	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("child")) {
			child(args[1].equals("with"), (args.length > 2) ? args[2] : "");
			return;
		}
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		try (NatsServer server = NatsServer.startJetStream()) {
			List<Long> with = new ArrayList<>();
			List<Long> without = new ArrayList<>();
			for (int i = 0; i < RUNS + 1; i++) {
				long a = run("without", server.url());
				long b = run("with", server.url());
				if (i > 0) {
					without.add(a);
					with.add(b);
				}
			}
			long medianWith = median(with);
			long medianWithout = median(without);
			String report = String.format(Locale.ROOT, """
					# Start-up cost of the starter

					Measured %s, Java %s, nats-server %s on 127.0.0.1. Median of %d fresh JVMs each (after one discarded
					pair), runs interleaved; time of `SpringApplication.run` for a minimal application.

					| application | start-up |
					|---|---|
					| without the starter's auto-configuration | %d ms |
					| with it (connection, one declared bucket, template, repositories, listeners) | %d ms |
					| cost the starter adds | %d ms |

					Regenerate with `mvn -q install -DskipTests && mvn -q -Pbenchmarks -pl benchmarks exec:exec@startup`.
					""", LocalDate.now(), System.getProperty("java.version"), server.binary().version(), RUNS,
					medianWithout, medianWith, medianWith - medianWithout);
			Files.createDirectories(output);
			Files.writeString(output.resolve("benchmarks-startup.md"), report);
			System.out.println(report);
		}
	}

	private static long run(String variant, String url) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				StartupCheck.class.getName(), "child", variant, url)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		for (String line : output.lines().toList()) {
			if (line.startsWith("STARTUP_MS ")) {
				return Long.parseLong(line.substring("STARTUP_MS ".length()).trim());
			}
		}
		throw new IllegalStateException("No start-up time from the " + variant + " run:\n" + output);
	}

	private static void child(boolean withStarter, String url) {
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn",
				"nats.dev-server.enabled=false"));
		if (withStarter) {
			properties.addAll(List.of("nats.servers=" + url, "nats.kv.buckets.startup.history=1"));
		}
		else {
			properties.add("spring.autoconfigure.exclude=io.github.kvspring.autoconfigure.NatsAutoConfiguration,"
					+ "io.github.kvspring.autoconfigure.NatsKvAutoConfiguration,"
					+ "io.github.kvspring.autoconfigure.NatsKvRepositoriesAutoConfiguration,"
					+ "io.github.kvspring.autoconfigure.health.NatsHealthContributorAutoConfiguration,"
					+ "io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration");
		}
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MinimalApplication.class)
			.web(WebApplicationType.NONE).properties(properties.toArray(String[]::new)).run()) {
			System.out.println("STARTUP_MS " + (System.nanoTime() - start) / 1_000_000);
		}
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
