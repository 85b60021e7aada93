package io.github.kvspring.data.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.test.NatsTestConnectionConfiguration;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @KvListener} methods against a real server.
 */
@WithNatsServer
@SpringJUnitConfig(KvListenerIntegrationTests.Config.class)
class KvListenerIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	@Autowired
	KeyValueTemplate template;

	@Autowired
	Received received;

	@Autowired
	KvListenerEndpointRegistry registry;

	@Autowired
	List<KvListenerCaughtUpEvent> caughtUp;

	@Autowired
	Map<String, Exception> failures;

	@Test
	void whenSingleAndMultiTokenWildcardsThenEachListenerSeesItsKeys() {
		this.template.put("listen-a", "orders.1", "a");
		this.template.put("listen-a", "orders.eu.2", "b");
		this.template.put("listen-a", "users.1", "c");
		await().atMost(WAIT).until(() -> this.received.of("deep").size() == 2);
		await().atMost(WAIT).until(() -> this.received.of("shallow").size() == 1);
		assertThat(this.received.of("shallow")).containsExactly("PUT orders.1=a");
		assertThat(this.received.of("deep")).containsExactly("PUT orders.1=a", "PUT orders.eu.2=b");
	}

	@Test
	void whenPutDeletePurgeThenEachArrivesWithItsOperationAndIgnoreDeletesLeavesMarkersOut() {
		long put = this.template.put("listen-b", "k", "v");
		this.template.delete("listen-b", "k");
		this.template.purge("listen-b", "k");
		this.template.put("listen-b", "k", "w");
		await().atMost(WAIT).until(() -> this.received.of("operations").size() == 4);
		assertThat(this.received.of("operations")).containsExactly("PUT k=v@" + put, "DELETE k=null@" + (put + 1),
				"PURGE k=null@" + (put + 2), "PUT k=w@" + (put + 3));
		await().atMost(WAIT).until(() -> this.received.of("puts-only").size() == 2);
		assertThat(this.received.of("puts-only")).containsExactly("k=v", "k=w");
	}

	@Test
	void whenCurrentValuesExistedThenTheyCameFirstAndTheListenerCaughtUp() {
		// listen-c was filled before the context started (see Config).
		await().atMost(WAIT).until(() -> this.received.of("warm").size() >= 2);
		assertThat(this.received.of("warm").subList(0, 2)).containsExactly("seed.1=one", "seed.2=two");
		assertThat(this.caughtUp).extracting(KvListenerCaughtUpEvent::getListenerId).contains("warm", "empty");
		this.template.put("listen-c", "seed.3", "three");
		await().atMost(WAIT).until(() -> this.received.of("warm").contains("seed.3=three"));
		KvListenerContainer warm = this.registry.getListenerContainer("warm");
		assertThat(warm.isRunning()).isTrue();
		assertThat(warm.isConnected()).isTrue();
		assertThat(warm.isCaughtUp()).isTrue();
		await().atMost(WAIT).until(() -> warm.getLastRevision() == this.template.get("listen-c", "seed.3",
				String.class).revision());
		assertThat(warm.getPending()).isZero();
	}

	@Test
	void whenMethodThrowsOnOneKeyThenErrorHandledAndNextKeysStillArrive() {
		long revision = this.template.put("listen-d", "boom", "x");
		this.template.put("listen-d", "after", "y");
		await().atMost(WAIT).until(() -> this.received.of("fragile").size() == 2);
		assertThat(this.received.of("fragile")).containsExactly("boom", "after");
		await().atMost(WAIT).until(() -> this.failures.containsKey("boom@" + revision));
		assertThat(this.failures.get("boom@" + revision)).hasMessage("cannot handle boom");
	}

	@Test
	void whenEntityListenerThenValuesConvertedAndBadValuesReportedWithKeyAndRevision() {
		this.template.put("listen-orders", "order.1", "{\"quantity\":3}".getBytes(StandardCharsets.UTF_8));
		long bad = this.template.put("listen-orders", "order.2", "not json".getBytes(StandardCharsets.UTF_8));
		this.template.put("listen-orders", "order.3", "{\"quantity\":5}".getBytes(StandardCharsets.UTF_8));
		await().atMost(WAIT).until(() -> this.received.of("orders").size() == 2);
		assertThat(this.received.of("orders")).containsExactly("1 x3", "3 x5");
		await().atMost(WAIT).until(() -> this.failures.containsKey("order.2@" + bad));
		assertThat(this.failures.get("order.2@" + bad)).hasMessageStartingWith("Value of key 'order.2' at revision "
				+ bad + " in bucket 'listen-orders' cannot be read as ")
			.satisfies((failure) -> assertThat(failure.getMessage().split("'order.2'", -1)).as("the key named once")
				.hasSize(2));
	}

	@Test
	void whenStoppedByIdThenNothingArrivesUntilStartedAgain() {
		KvListenerContainer container = this.registry.getListenerContainer("switchable");
		container.stop();
		assertThat(container.isRunning()).isFalse();
		this.template.put("listen-e", "while-stopped", "x");
		container.start();
		await().atMost(WAIT).until(() -> this.received.of("switchable").contains("while-stopped"));
		assertThat(this.received.of("switchable")).as("current values again on start").containsOnlyOnce("while-stopped");
	}

	@Test
	void whenRegisteredAtRunTimeThenItReceives() {
		List<String> seen = new CopyOnWriteArrayList<>();
		KvListenerContainerFactory factory = new KvListenerContainerFactory(this.template);
		this.registry.registerListener(KvListenerEndpoint.of("runtime", "listen-e", (entry) -> seen.add(entry.key()),
				"runtime.*"), factory);
		try {
			this.template.put("listen-e", "runtime.1", "x");
			await().atMost(WAIT).until(() -> seen.contains("runtime.1"));
		}
		finally {
			assertThat(this.registry.unregisterListener("runtime")).isTrue();
		}
		assertThat(this.registry.getListenerContainer("runtime")).isNull();
	}

	@Test
	void whenConcurrentThenEachKeyKeepsItsOrder() {
		for (int i = 0; i < 100; i++) {
			this.template.put("listen-f", "key." + (i % 10), i);
		}
		await().atMost(WAIT).until(() -> this.received.of("parallel").size() == 100);
		Map<String, List<Integer>> perKey = new ConcurrentHashMap<>();
		for (String entry : this.received.of("parallel")) {
			String[] parts = entry.split("=");
			perKey.computeIfAbsent(parts[0], (key) -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
		}
		assertThat(perKey).hasSize(10);
		perKey.values().forEach((values) -> assertThat(values).isSorted());
	}

	@Test
	void whenPurgeAllThenEachKeyArrivesPurged() {
		for (int i = 0; i < 5; i++) {
			this.template.put("listen-g", "p." + i, "v");
		}
		this.template.purgeAll("listen-g");
		await().atMost(WAIT).until(() -> this.received.of("purges").stream().filter((e) -> e.startsWith("PURGE")).count() == 5);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableKvListeners
	@Import(NatsTestConnectionConfiguration.class)
	static class Config {


		@Bean
		KeyValueTemplate keyValueTemplate(Connection connection) {
			KvBucketAdmin admin = new KvBucketAdmin(connection);
			for (String bucket : List.of("listen-a", "listen-b", "listen-c", "listen-d", "listen-e", "listen-f",
					"listen-g", "listen-orders", "listen-empty")) {
				admin.delete(bucket);
				admin.apply(KvBucketDefinition.builder(bucket).history(10).build(), KvBucketPolicy.CREATE);
			}
			KeyValueTemplate template = new KeyValueTemplate(connection);
			template.put("listen-c", "seed.1", "one");
			template.put("listen-c", "seed.2", "two");
			return template;
		}

		@Bean
		Received received() {
			return new Received();
		}

		@Bean
		List<KvListenerCaughtUpEvent> caughtUp() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		ApplicationListener<KvListenerCaughtUpEvent> recordCaughtUp(List<KvListenerCaughtUpEvent> caughtUp) {
			return caughtUp::add;
		}

		@Bean
		Map<String, Exception> failures() {
			return new ConcurrentHashMap<>();
		}

		@Bean
		KvListenerErrorHandler recordingErrorHandler(Map<String, Exception> failures) {
			return new KvListenerErrorHandler() {
				@Override
				public void handleFailure(KvListenerContainer container, KvEntry<byte[]> entry, Exception failure) {
					failures.put(entry.key() + "@" + entry.revision(), failure);
				}
			};
		}

		@Bean
		Listeners listeners(Received received) {
			return new Listeners(received);
		}

	}

	static class Listeners {

		private final Received received;

		Listeners(Received received) {
			this.received = received;
		}

		@KvListener(id = "shallow", bucket = "listen-a", keys = "orders.*")
		void shallow(KvEntry<String> entry) {
			this.received.add("shallow", entry.operation() + " " + entry.key() + "=" + entry.value());
		}

		@KvListener(id = "deep", bucket = "listen-a", keys = "orders.>")
		void deep(KvEntry<String> entry) {
			this.received.add("deep", entry.operation() + " " + entry.key() + "=" + entry.value());
		}

		@KvListener(id = "operations", bucket = "listen-b")
		void operations(@Nullable String value, KvOperation operation, @KvKey String key, @KvRevision long revision) {
			this.received.add("operations", operation + " " + key + "=" + value + "@" + revision);
		}

		@KvListener(id = "puts-only", bucket = "listen-b", ignoreDeletes = true)
		void putsOnly(String value, @KvKey String key) {
			this.received.add("puts-only", key + "=" + value);
		}

		@KvListener(id = "warm", bucket = "${test.warm-bucket:listen-c}", keys = "seed.>")
		void warm(String value, @KvKey String key) {
			this.received.add("warm", key + "=" + value);
		}

		@KvListener(id = "empty", bucket = "listen-empty")
		void empty(String value) {
			this.received.add("empty", value);
		}

		@KvListener(id = "fragile", bucket = "listen-d")
		void fragile(@KvKey String key) {
			this.received.add("fragile", key);
			if (key.equals("boom")) {
				throw new IllegalStateException("cannot handle boom");
			}
		}

		@KvListener(id = "orders", entity = Order.class)
		void orders(Order order) {
			this.received.add("orders", order.id() + " x" + order.quantity());
		}

		@KvListener(id = "switchable", bucket = "listen-e", keys = "while-stopped")
		void switchable(@KvKey String key) {
			this.received.add("switchable", key);
		}

		@KvListener(id = "parallel", bucket = "listen-f", concurrency = 4, start = KvListener.Start.UPDATES_ONLY)
		void parallel(Integer value, @KvKey String key) {
			this.received.add("parallel", key + "=" + value);
		}

		@KvListener(id = "purges", bucket = "listen-g", start = KvListener.Start.UPDATES_ONLY)
		void purges(KvOperation operation, @KvKey String key) {
			this.received.add("purges", operation + " " + key);
		}

	}

}
