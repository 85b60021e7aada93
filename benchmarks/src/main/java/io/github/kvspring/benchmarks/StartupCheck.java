package io.github.kvspring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import io.github.kvspring.server.NatsServer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The start-up cost the starter adds: a minimal Boot application started in fresh JVMs without either store's
 * auto-configuration, with the starter's (connection, a declared bucket, template, repositories, listeners), and
 * with Spring Data Redis's, all on the same class path.
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

	private static final String KV_AUTO_CONFIGURATIONS = "io.github.kvspring.autoconfigure.NatsAutoConfiguration,"
			+ "io.github.kvspring.autoconfigure.NatsKvAutoConfiguration,"
			+ "io.github.kvspring.autoconfigure.NatsKvRepositoriesAutoConfiguration,"
			+ "io.github.kvspring.autoconfigure.health.NatsHealthContributorAutoConfiguration,"
			+ "io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration";

	private static final String REDIS_AUTO_CONFIGURATIONS = "org.springframework.boot.data.redis.autoconfigure."
			+ "DataRedisAutoConfiguration,org.springframework.boot.data.redis.autoconfigure."
			+ "DataRedisReactiveAutoConfiguration,org.springframework.boot.data.redis.autoconfigure."
			+ "DataRedisRepositoriesAutoConfiguration,org.springframework.boot.data.redis.autoconfigure.health."
			+ "DataRedisHealthContributorAutoConfiguration,org.springframework.boot.data.redis.autoconfigure.health."
			+ "DataRedisReactiveHealthContributorAutoConfiguration,org.springframework.boot.data.redis.autoconfigure."
			+ "observation.LettuceObservationAutoConfiguration";

	/**
	 * The applications compared, all on the same class path.
	 */
	enum Variant {

		NEITHER("without either starter's auto-configuration"),

		KV("with kv-spring's (connection, one declared bucket, template, repositories, listeners)"),

		KV_LAZY_REPOSITORIES("with kv-spring's, `nats.kv.repositories.bootstrap-mode=lazy`"),

		REDIS("with Spring Data Redis's (connection factory, templates, repositories)");

		final String description;

		Variant(String description) {
			this.description = description;
		}

	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("child")) {
			child(Variant.valueOf(args[1]), args[2], Integer.parseInt(args[3]));
			return;
		}
		Path output = Path.of((args.length > 0) ? args[0] : "docs");
		try (NatsServer server = NatsServer.startJetStream(); RedisServer redis = RedisServer.start()) {
			Map<Variant, List<Long>> startUps = new EnumMap<>(Variant.class);
			Map<Variant, List<Long>> withFirstUse = new EnumMap<>(Variant.class);
			for (int i = 0; i < RUNS + 1; i++) {
				for (Variant variant : Variant.values()) {
					long[] times = run(variant, server.url(), redis.port());
					if (i > 0) {
						startUps.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(times[0]);
						withFirstUse.computeIfAbsent(variant, (key) -> new ArrayList<>()).add(times[0] + times[1]);
					}
				}
			}
			StringBuilder rows = new StringBuilder();
			for (Variant variant : Variant.values()) {
				long startUp = median(startUps.get(variant));
				long total = median(withFirstUse.get(variant));
				if (variant == Variant.NEITHER) {
					rows.append(String.format(Locale.ROOT, "| %s | %d ms | | | |%n", variant.description, startUp));
				}
				else {
					rows.append(String.format(Locale.ROOT, "| %s | %d ms | %d ms | %d ms | %d ms |%n",
							variant.description, startUp, startUp - median(startUps.get(Variant.NEITHER)), total,
							total - median(startUps.get(Variant.NEITHER))));
				}
			}
			String report = String.format(Locale.ROOT, """
					# Start-up cost of the starter

					Measured %s, Java %s, nats-server %s and redis-server %s on 127.0.0.1. Median of %d fresh JVMs
					each (after one discarded round), runs interleaved, all on one class path: the time of
					`SpringApplication.run` for a minimal application, then that plus the first use of its repository (a
					save and a findById). The starter connects and checks its buckets during start-up, so that a wrong
					address or bucket fails the start, and builds its JSON mapper on first use; Spring Data Redis's
					Lettuce connects on first use.

					| application | start-up | cost added | start-up and first use | cost added |
					|---|---|---|---|---|
					%s
					Regenerate with `mvn -q install -DskipTests && mvn -q -pl benchmarks exec:exec@startup`.
					""", LocalDate.now(), System.getProperty("java.version"), server.binary().version(), redis.version(),
					RUNS, rows);
			Markdown.write(output, "benchmarks-startup.md", report);
		}
	}

	/**
	 * The start-up time and the first use's time of one fresh JVM, in milliseconds.
	 */
	private static long[] run(Variant variant, String url, int redisPort) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				StartupCheck.class.getName(), "child", variant.name(), url, String.valueOf(redisPort))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		process.waitFor();
		for (String line : output.lines().toList()) {
			if (line.startsWith("STARTUP_MS ")) {
				String[] times = line.substring("STARTUP_MS ".length()).trim().split(" FIRST_USE_MS ");
				return new long[] { Long.parseLong(times[0]), Long.parseLong(times[1]) };
			}
		}
		throw new IllegalStateException("No start-up time from the " + variant + " run:\n" + output);
	}

	private static void child(Variant variant, String url, int redisPort) {
		List<String> properties = new ArrayList<>(List.of("spring.main.banner-mode=off", "logging.level.root=warn",
				"nats.dev-server.enabled=false"));
		switch (variant) {
			case NEITHER -> properties
				.add("spring.autoconfigure.exclude=" + KV_AUTO_CONFIGURATIONS + "," + REDIS_AUTO_CONFIGURATIONS);
			case KV, KV_LAZY_REPOSITORIES -> properties.addAll(List.of("nats.servers=" + url,
					"nats.kv.buckets.bench-items.history=1", "spring.autoconfigure.exclude=" + REDIS_AUTO_CONFIGURATIONS,
					"nats.kv.repositories.bootstrap-mode=" + ((variant == Variant.KV) ? "default" : "lazy")));
			case REDIS -> properties.addAll(List.of("spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redisPort, "spring.autoconfigure.exclude=" + KV_AUTO_CONFIGURATIONS));
		}
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MinimalApplication.class)
			.web(WebApplicationType.NONE).properties(properties.toArray(String[]::new)).run()) {
			long startUp = (System.nanoTime() - start) / 1_000_000;
			long firstUseStart = System.nanoTime();
			Item item = Item.numbered("first-use-", (int) (System.nanoTime() & 0xffff));
			switch (variant) {
				case KV, KV_LAZY_REPOSITORIES -> {
					ItemRepository items = context.getBean(ItemRepository.class);
					System.out.println("READ " + items.findById(items.save(item).id()).orElseThrow().id());
				}
				case REDIS -> {
					RedisItemRepository items = context.getBean(RedisItemRepository.class);
					System.out.println("READ " + items.findById(items.save(RedisItem.of(item)).id()).orElseThrow().id());
				}
				case NEITHER -> {
				}
			}
			System.out.println("STARTUP_MS " + startUp + " FIRST_USE_MS " + (System.nanoTime() - firstUseStart) / 1_000_000);
		}
	}

	private static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
