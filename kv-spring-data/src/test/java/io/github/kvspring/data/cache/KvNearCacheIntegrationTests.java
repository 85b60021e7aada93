package io.github.kvspring.data.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two applications (two connections, two cache managers) sharing caches with near caches: a hit is a local read,
 * and any application's put, evict, clear, delete or expiry removes the other's local entry, within a lag measured
 * here (printed, and checked only against a generous bound).
 */
@WithNatsServer
class KvNearCacheIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(5);

	private final KeyValueTemplate template;

	private final String name = UniqueNames.bucket("near");

	private final TwoInstances instances;

	KvNearCacheIntegrationTests(NatsServer server, Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.instances = new TwoInstances(server, connection, 1000,
				(here) -> here.withCacheConfiguration("expiring-" + this.name, KvCacheConfiguration.defaultCacheConfig()
					.enableNearCache(1000)
					.entryTtl(Duration.ofSeconds(1))));
	}

	@AfterEach
	void close() throws InterruptedException {
		this.instances.close();
	}

	private KvCache here() {
		return this.instances.here(this.name);
	}

	private KvCache there() {
		return this.instances.there(this.name);
	}

	@Test
	void whenValueIsReadAgainThenItComesFromLocalMemory() {
		KvCache here = here();
		there().put("dune", "Dune");
		assertThat(here.get("dune").get()).isEqualTo("Dune");
		assertThat(here.getStatistics().getNearCacheHits()).isZero();
		assertThat(here.get("dune").get()).isEqualTo("Dune");
		assertThat(here.get("dune", String.class)).isEqualTo("Dune");
		assertThat(here.retrieve("dune").join()).isNotNull();
		assertThat(here.getStatistics().getNearCacheHits()).isEqualTo(3);
		assertThat(here.getStatistics().getHits()).isEqualTo(4);
		assertThat(here.getNearCacheSize()).isEqualTo(1);
		assertThat(here.getNearCacheBypassReason()).isNull();
	}

	@Test
	void whenThisApplicationPutsThenItsNextReadIsLocal() {
		KvCache here = here();
		here.put("emma", "Emma");
		assertThat(here.get("emma").get()).isEqualTo("Emma");
		assertThat(here.getStatistics().getNearCacheHits()).isEqualTo(1);
		here.evict("emma");
		assertThat(here.get("emma")).isNull();
	}

	@Test
	void whenOtherApplicationPutsThenTheLocalEntryGoesAndTheNewValueIsRead() {
		KvCache here = here();
		there().put("dune", "Dune");
		here.get("dune");
		assertThat(here.isNearCached("dune")).isTrue();
		there().put("dune", "Dune, revised");
		await().atMost(BOUND).until(() -> !here.isNearCached("dune"));
		assertThat(here.get("dune").get()).isEqualTo("Dune, revised");
		assertThat(here.getStatistics().getNearCacheInvalidations()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void whenOtherApplicationEvictsClearsDeletesOrPurgesThenTheLocalEntriesGo() {
		KvCache here = here();
		KvCache there = there();
		List.of("a", "b", "c", "d", "e").forEach((key) -> there.put(key, key.toUpperCase(Locale.ROOT)));
		List.of("a", "b", "c", "d", "e").forEach(here::get);
		assertThat(here.getNearCacheSize()).isEqualTo(5);

		there.evict("a");
		await().atMost(BOUND).until(() -> !here.isNearCached("a"));
		assertThat(there.evictIfPresent("b")).isTrue();
		await().atMost(BOUND).until(() -> !here.isNearCached("b"));
		this.template.delete(there.getBucket(), "c");
		await().atMost(BOUND).until(() -> !here.isNearCached("c"));
		this.template.purge(there.getBucket(), "d");
		await().atMost(BOUND).until(() -> !here.isNearCached("d"));
		there.clear();
		await().atMost(BOUND).until(() -> !here.isNearCached("e"));
		assertThat(List.of("a", "b", "c", "d", "e")).allMatch((key) -> here.get(key) == null);
	}

	@Test
	void whenEntryExpiresThenTheLocalEntryGoesToo() {
		KvCache here = (KvCache) this.instances.here.getCache("expiring-" + this.name);
		here.put("session", "data");
		assertThat(here.isNearCached("session")).isTrue();
		await().atMost(Duration.ofSeconds(15)).until(() -> !here.isNearCached("session"));
		assertThat(here.get("session")).isNull();
	}

	@Test
	void whenServerConsumerOfTheWatchIsDeletedThenTheNearCacheWatchesAgainAndStaysCoherent() throws Exception {
		KvCache here = here();
		there().put("dune", "Dune");
		here.get("dune");
		JetStreamManagement streams = this.instances.otherConnection.jetStreamManagement();
		String stream = "KV_" + here.getBucket();
		for (String consumer : streams.getConsumerNames(stream)) {
			streams.deleteConsumer(stream, consumer);
		}
		there().put("dune", "Dune, after the loss");
		await().atMost(BOUND).until(() -> "Dune, after the loss".equals(here.get("dune").get()));
		await().atMost(BOUND).until(() -> here.getNearCacheBypassReason() == null && here.isNearCached("dune"));
		there().put("dune", "Dune, watched again");
		await().atMost(BOUND).until(() -> !here.isNearCached("dune"));
		assertThat(here.get("dune").get()).isEqualTo("Dune, watched again");
	}

	/**
	 * The staleness bound: from the start of a put in one application to the removal of the other's local entry.
	 */
	@Test
	void whenOtherApplicationWritesThenTheInvalidationLagIsMeasured() {
		KvCache here = here();
		KvCache there = there();
		int samples = 300;
		List<Long> lags = new ArrayList<>(samples);
		List<Long> puts = new ArrayList<>(samples);
		for (int i = 0; i < samples; i++) {
			String key = "k" + i;
			there.put(key, 0);
			here.get(key);
			assertThat(here.isNearCached(key)).isTrue();
			long start = System.nanoTime();
			there.put(key, 1);
			puts.add(System.nanoTime() - start);
			long deadline = start + BOUND.toNanos();
			while (here.isNearCached(key)) {
				assertThat(System.nanoTime()).as("invalidation of %s within %s", key, BOUND).isLessThan(deadline);
				Thread.onSpinWait();
			}
			lags.add(System.nanoTime() - start);
		}
		System.out.println("Near-cache invalidation lag over " + samples + " puts (write start to removal in the other "
				+ "application): " + percentiles(lags) + "; the put itself: " + percentiles(puts));
	}

	/**
	 * What a clear costs: one purge marker per key, pipelined, each removing the other application's local entry.
	 */
	@Test
	void whenOtherApplicationClearsManyEntriesThenTheTimeUntilEveryLocalEntryIsGoneIsMeasured() {
		KvCache here = here();
		KvCache there = there();
		int entries = 1000;
		for (int i = 0; i < entries; i++) {
			there.put("k" + i, i);
			here.get("k" + i);
		}
		assertThat(here.getNearCacheSize()).isEqualTo(entries);
		long start = System.nanoTime();
		there.clear();
		long cleared = System.nanoTime() - start;
		await().atMost(BOUND).until(() -> here.getNearCacheSize() == 0);
		long emptied = System.nanoTime() - start;
		System.out.println(String.format(Locale.ROOT, "Clear of %d entries: %.1f ms for the clear, %.1f ms until the "
				+ "other application's near cache was empty", entries, cleared / 1e6, emptied / 1e6));
		assertThat(here.get("k0")).isNull();
	}

	private static String percentiles(List<Long> nanos) {
		List<Long> sorted = new ArrayList<>(nanos);
		Collections.sort(sorted);
		return String.format(Locale.ROOT, "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", at(sorted, 0.50),
				at(sorted, 0.90), at(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
	}

	private static double at(List<Long> sorted, double quantile) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size()))) / 1e6;
	}

}
