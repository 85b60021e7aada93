package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.ForceReconnectOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners across server restarts and reconnect storms, on a server of this class's own.
 */
@WithNatsServer(isolated = true)
class KvListenerResumeIntegrationTests {

	@Test
	void whenServerRestartsMidStreamThenEveryLaterPutArrivesOnceInOrderWithinSeconds(NatsServer server,
			Connection connection) {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("restart");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		List<String> seen = new CopyOnWriteArrayList<>();
		KvListenerContainer container = new KvListenerContainerFactory(template)
			.createContainer(KvListenerEndpoint.of("restart", bucket, (entry) -> seen.add(entry.key())));
		container.start();
		try {
			IntStream.rangeClosed(1, 5).forEach((i) -> template.put(bucket, "before." + i, i));
			await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 5);

			server.restart();
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
			List<String> after = IntStream.rangeClosed(1, 5).mapToObj((i) -> "after." + i).toList();
			after.forEach((key) -> template.put(bucket, key, 1));

			// jnats' own watch stays silent 15-30 s after a restart; the container resumes on reconnect.
			await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 10);
			assertThat(seen).containsExactly("before.1", "before.2", "before.3", "before.4", "before.5", "after.1",
					"after.2", "after.3", "after.4", "after.5");
			assertThat(container.isConnected()).isTrue();
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenTwentyForcedReconnectsThenOneServerConsumerPerListenerAndNothingLost(Connection connection)
			throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("storm");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> second = new CopyOnWriteArrayList<>();
		KvListenerContainerFactory factory = new KvListenerContainerFactory(template);
		KvListenerContainer one = factory.createContainer(KvListenerEndpoint.of("one", bucket, (e) -> first.add(e.key())));
		KvListenerContainer two = factory.createContainer(KvListenerEndpoint.of("two", bucket, (e) -> second.add(e.key())));
		one.start();
		two.start();
		try {
			for (int i = 0; i < 20; i++) {
				template.put(bucket, "k." + i, i);
				connection.forceReconnect(ForceReconnectOptions.builder().flush(Duration.ofMillis(100)).build());
				await().atMost(Duration.ofSeconds(10)).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> first.size() == 20 && second.size() == 20);
			assertThat(first).doesNotHaveDuplicates();
			assertThat(second).doesNotHaveDuplicates();
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
					connection.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getConsumerCount())
				.isEqualTo(2));
		}
		finally {
			one.stop();
			two.stop();
		}
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
				connection.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getConsumerCount())
			.isZero());
	}

	@Test
	void whenPerKeyTtlExpiresThenListenerGetsAnExpiryEvent(Connection connection) {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("expiry");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).limitMarkerTtl(Duration.ofSeconds(1))
			.build());
		List<KvEntry<byte[]>> seen = new CopyOnWriteArrayList<>();
		KvListenerContainer container = new KvListenerContainerFactory(template)
			.createContainer(KvListenerEndpoint.of("expiry", bucket, seen::add));
		container.start();
		try {
			template.put(bucket, "token", "secret", Duration.ofSeconds(1));
			await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() == 2);
			assertThat(seen).extracting(KvEntry::operation).containsExactly(KvOperation.PUT, KvOperation.EXPIRED);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenStoppedThenNoListenerThreadIsLeft(Connection connection) {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("threads");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("threads", bucket, List.of(">"), KvWatchOptions.defaults(), 3, true, (e) -> {
				}));
		container.start();
		template.put(bucket, "k", "v");
		await().atMost(Duration.ofSeconds(5)).until(() -> container.getLastRevision() > 0);
		assertThat(listenerThreads()).isNotEmpty();
		container.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> listenerThreads().isEmpty());
	}

	private static List<String> listenerThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
			.filter((name) -> name.startsWith("kv-listener-threads")).toList();
	}

	static Connection connect(NatsServer server) {
		return NatsServerExtension.connect(List.of(server.url()));
	}

}
