package io.github.kvspring.data.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvWatchLostException;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.core.KvWrite;
import io.github.kvspring.data.core.KvWriteResult;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import io.nats.client.ForceReconnectOptions;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The listener delivery contract where it breaks: reconnects while a slow method runs, a stop in the middle of a
 * backlog, a server consumer deleted behind the listener's back, a replay far larger than a slow method can take,
 * and writes racing the start of an updates-only listener. On a server of this class's own, as it forces
 * reconnects.
 */
@WithNatsServer(isolated = true)
class KvListenerDeliveryIntegrationTests {

	@ParameterizedTest(name = "concurrency {0}")
	@ValueSource(ints = { 1, 4 })
	void whenConnectionReconnectsWhileSlowMethodRunsThenEveryRevisionArrivesOnceInKeyOrder(int concurrency,
			Connection connection) throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "reconnect-" + concurrency);
		Deliveries deliveries = new Deliveries(TimeUnit.MILLISECONDS.toNanos(3));
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("reconnect", bucket, List.of(">"), KvWatchOptions.defaults(), concurrency, true,
						deliveries));
		container.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(container::isConnected);
			int total = 600 * concurrency;
			Map<String, List<Long>> written = write(template, bucket, total, 20 * concurrency);
			for (int reconnect = 1; reconnect <= 3; reconnect++) {
				int before = deliveries.count();
				await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.count() > before + 50);
				long recoveries = container.getRecoveries();
				connection.forceReconnect(ForceReconnectOptions.builder().flush(Duration.ofMillis(100)).build());
				await().atMost(Duration.ofSeconds(5))
					.until(() -> container.getRecoveries() > recoveries && container.isConnected());
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.count() >= total);
			deliveries.assertExactly(written);
			// One reconnect, one new watch: RECONNECTED and RESUBSCRIBED together do not open two.
			assertThat(container.getRecoveries()).isEqualTo(3);
			await().atMost(Duration.ofSeconds(5)).until(() -> consumers(connection, bucket) == 1);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenStoppedDuringBacklogThenStartHandsOverTheRestOnce(Connection connection) throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "backlog");
		Deliveries deliveries = new Deliveries(TimeUnit.MICROSECONDS.toNanos(200));
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("backlog", bucket, List.of(">"), KvWatchOptions.defaults(), 4, true,
						deliveries));
		container.start();
		await().atMost(Duration.ofSeconds(5)).until(container::isCaughtUp);
		Map<String, List<Long>> written = write(template, bucket, 10_000, 200);
		await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.count() > 1_000);
		container.stop();
		int handedOverBeforeStop = deliveries.count();
		assertThat(handedOverBeforeStop).isLessThan(10_000);
		assertThat(container.getState()).isEqualTo(KvListenerState.STOPPED);

		container.start();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.count() >= 10_000);
			deliveries.assertExactly(written);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenServerConsumerIsDeletedThenDeliveryResumesWithinTwoSeconds(Connection connection) throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "deleted");
		Deliveries deliveries = new Deliveries(0);
		KvListenerContainer container = new KvListenerContainerFactory(template)
			.createContainer(KvListenerEndpoint.of("deleted", bucket, deliveries));
		container.start();
		try {
			Map<String, List<Long>> written = new LinkedHashMap<>(write(template, bucket, 10, 10));
			await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.count() == 10);
			// What an operator's "nats consumer rm" does, from a connection of its own.
			JetStreamManagement management = connection.jetStreamManagement();
			for (String name : management.getConsumerNames("KV_" + bucket)) {
				management.deleteConsumer("KV_" + bucket, name);
			}
			long put = template.put(bucket, "after", "deletion");
			written.put("after", List.of(put));

			await().atMost(Duration.ofSeconds(2)).until(() -> deliveries.count() == 11);
			deliveries.assertExactly(written);
			assertThat(container.getRecoveries()).isEqualTo(1);
			assertThat(container.getLastFailure()).isInstanceOf(KvWatchLostException.class)
				.hasMessageContaining(bucket);
			assertThat(container.getState()).isEqualTo(KvListenerState.RUNNING);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenLargeReplayMeetsSlowMethodThenServerSendsNoMoreThanPartitionsHold(Connection connection)
			throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("replay");
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		Map<String, List<Long>> written = write(template, bucket, 200_000, 200_000);
		CountDownLatch release = new CountDownLatch(1);
		Deliveries deliveries = new Deliveries(0);
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("replay", bucket, List.of(">"), KvWatchOptions.defaults(), 4,
						true, (entry) -> {
							release.await();
							deliveries.handle(entry);
						}));
		container.start();
		try {
			// Every partition blocked on its first entry, its queue full: the fetch loop waits, and so the server.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> container.getPending() >= 4 * KvListenerContainer.PARTITION_CAPACITY);
			long bound = 4 * (KvListenerContainer.PARTITION_CAPACITY + 1) + 2 * 256;
			for (int i = 0; i < 3; i++) {
				ConsumerInfo consumer = onlyConsumer(connection, bucket);
				assertThat(consumer.getDelivered().getConsumerSequence()).isLessThanOrEqualTo(bound);
				assertThat(consumer.getNumPending()).isGreaterThan(200_000 - bound);
			}
			release.countDown();
			await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.count() >= 200_000);
			deliveries.assertExactly(written);
		}
		finally {
			release.countDown();
			container.stop();
		}
	}

	@Test
	void whenWritesRaceUpdatesOnlyStartThenNothingWrittenAfterStartReturnedIsSkipped(Connection connection)
			throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "updates");
		Deliveries deliveries = new Deliveries(0);
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("updates", bucket, List.of(">"), KvWatchOptions.defaults().withUpdatesOnly(), 1,
						true, deliveries));
		IntStream.range(0, 5).forEach((i) -> template.put(bucket, "k." + i, "before"));
		CountDownLatch starting = new CountDownLatch(1);
		AtomicBoolean started = new AtomicBoolean();
		Map<String, List<Long>> afterStart = new LinkedHashMap<>();
		// 50 writes a key: all of them stay within the bucket's history of 64, so none can age out before it
		// is delivered, however far behind the listener is.
		CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
			try {
				starting.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			for (int i = 0; i < 250; i++) {
				boolean afterStartReturned = started.get();
				long revision;
				try {
					revision = template.put(bucket, "k." + (i % 5), i);
				}
				catch (DataAccessException ex) {
					// Caught in the forced reconnect with its outcome unknown: not counted either way.
					continue;
				}
				if (afterStartReturned) {
					synchronized (afterStart) {
						afterStart.computeIfAbsent("k." + (i % 5), (key) -> new ArrayList<>()).add(revision);
					}
				}
			}
		});
		try {
			starting.countDown();
			container.start();
			started.set(true);
			// A reconnect while the writes go on (before or after the first watch opens, as it happens) must not
			// move the start.
			connection.forceReconnect(ForceReconnectOptions.builder().flush(Duration.ofMillis(100)).build());
			await().atMost(Duration.ofSeconds(10)).until(() -> connection.getStatus() == Connection.Status.CONNECTED);
			writer.get(20, TimeUnit.SECONDS);
			long last = template.put(bucket, "k.last", "end");
			await().atMost(Duration.ofSeconds(10)).until(() -> container.getLastRevision() == last);
			synchronized (afterStart) {
				afterStart.forEach((key, revisions) -> assertThat(deliveries.revisions(key)).as(key)
					.containsSubsequence(revisions));
			}
			deliveries.assertInOrderWithoutDuplicates();
		}
		finally {
			starting.countDown();
			container.stop();
		}
	}

	@Test
	void whenUpdatesOnlyStartFailsThenContainerStaysStoppedAndCanStartLater(Connection connection) {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = UniqueNames.bucket("late");
		Deliveries deliveries = new Deliveries(0);
		KvListenerContainer container = new KvListenerContainerFactory(template).createContainer(
				new KvListenerEndpoint("late", bucket, List.of(">"), KvWatchOptions.defaults().withUpdatesOnly(), 1,
						true, deliveries));
		assertThatExceptionOfType(DataAccessException.class).isThrownBy(container::start)
			.withMessageContaining(bucket);
		assertThat(container.isRunning()).isFalse();
		assertThat(container.getState()).isEqualTo(KvListenerState.STOPPED);
		assertThat(container.getLastFailure()).isInstanceOf(DataAccessException.class);

		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).build());
		template.put(bucket, "before", "start");
		container.start();
		try {
			long put = template.put(bucket, "after", "start");
			await().atMost(Duration.ofSeconds(5)).until(() -> deliveries.count() == 1);
			deliveries.assertExactly(Map.of("after", List.of(put)));
		}
		finally {
			container.stop();
		}
	}

	private static String bucket(Connection connection, String prefix) {
		String bucket = UniqueNames.bucket(prefix);
		new KvBucketAdmin(connection).create(KvBucketDefinition.builder(bucket).history(64).build());
		return bucket;
	}

	/**
	 * Writes {@code count} values round-robin over {@code keys} keys, pipelined.
	 * @return the revisions written, per key
	 */
	static Map<String, List<Long>> write(KeyValueTemplate template, String bucket, int count, int keys) {
		Map<String, List<Long>> written = new LinkedHashMap<>();
		for (int start = 0; start < count; start += 1_000) {
			List<KvWrite> writes = new ArrayList<>();
			for (int i = start; i < Math.min(count, start + 1_000); i++) {
				writes.add(KvWrite.put("k." + (i % keys), "value-" + i));
			}
			for (KvWriteResult result : template.writeAll(bucket, writes)) {
				assertThat(result.succeeded()).isTrue();
				written.computeIfAbsent(result.key(), (key) -> new ArrayList<>()).add(result.revision());
			}
		}
		return written;
	}

	private static long consumers(Connection connection, String bucket) throws Exception {
		return connection.jetStreamManagement().getStreamInfo("KV_" + bucket).getStreamState().getConsumerCount();
	}

	private static ConsumerInfo onlyConsumer(Connection connection, String bucket) throws Exception {
		List<ConsumerInfo> consumers = connection.jetStreamManagement().getConsumers("KV_" + bucket);
		assertThat(consumers).hasSize(1);
		return consumers.get(0);
	}

}
