package io.github.kvspring.data.listener;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvEntry;
import io.github.kvspring.data.core.KvOperation;
import io.github.kvspring.data.core.KvWatchOptions;
import io.github.kvspring.data.listener.adapter.KvListenerMethodAdapter;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.FixedBackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group listeners whose method fails, against a real server: retries in place with the error handler's back-off,
 * then the dead-letter hook, while later changes flow in order.
 */
@WithNatsServer
class KvGroupListenerRetryIntegrationTests {

	private static final long INTERVAL_MILLIS = 200;

	@Test
	void whenOneKeyAlwaysFailsThenItIsDeadLetteredAfterItsAttemptsAndLaterEntriesFlowInOrder(Connection connection) {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-poison", false);
		List<Call> calls = new CopyOnWriteArrayList<>();
		List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
		List<Long> failures = new CopyOnWriteArrayList<>();
		KvListenerContainerFactory factory = factory(template, failures);
		factory.setDeadLetterHandler((container, entries, failure, attempts) -> deadLetters
			.add(new DeadLetter(entries.stream().map(KvEntry::key).toList(), failure.getMessage(), attempts)));
		KvListenerContainer container = factory.createContainer(endpoint(bucket, "poison", (entry, attempt) -> {
			calls.add(new Call(entry.key(), entry.revision(), attempt, System.nanoTime()));
			if (entry.key().equals("k.poison")) {
				throw new IllegalStateException("poison at " + entry.revision());
			}
		}));
		try {
			container.start();
			for (int i = 0; i < 5; i++) {
				template.put(bucket, "k." + i, i);
			}
			long poison = template.put(bucket, "k.poison", -1);
			for (int i = 5; i < 10; i++) {
				template.put(bucket, "k." + i, i);
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> calls.size() >= 13);

			assertThat(deadLetters).containsExactly(new DeadLetter(List.of("k.poison"), "poison at " + poison, 3));
			assertThat(failures).as("the error handler saw the last failure once").containsExactly(poison);
			List<Call> poisonCalls = calls.stream().filter((call) -> call.key().equals("k.poison")).toList();
			assertThat(poisonCalls).extracting(Call::attempt).containsExactly(1, 2, 3);
			for (int i = 1; i < poisonCalls.size(); i++) {
				assertThat(Duration.ofNanos(poisonCalls.get(i).nanos() - poisonCalls.get(i - 1).nanos()))
					.as("back-off before attempt %d", i + 1)
					.isGreaterThanOrEqualTo(Duration.ofMillis(INTERVAL_MILLIS - 10));
			}
			assertThat(calls).as("every change in revision order, the poison retried in place").hasSize(13)
				.extracting(Call::revision).isSorted();
			assertThat(calls.stream().filter((call) -> !call.key().equals("k.poison")))
				.as("other keys called once each").hasSize(10)
				.allSatisfy((call) -> assertThat(call.attempt()).isEqualTo(1));
			await().atMost(Duration.ofSeconds(5)).until(() -> ackPending(connection, bucket, container) == 0);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenMethodFailsTwiceThenSucceedsThenItSeesAttemptsOneToThreeAndNothingIsDeadLettered(Connection connection)
			throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-flaky", false);
		Flaky flaky = new Flaky();
		List<Long> failures = new CopyOnWriteArrayList<>();
		List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
		KvListenerContainerFactory factory = factory(template, failures);
		factory.setDeadLetterHandler((container, entries, failure, attempts) -> deadLetters
			.add(new DeadLetter(entries.stream().map(KvEntry::key).toList(), failure.getMessage(), attempts)));
		Method method = Flaky.class.getDeclaredMethod("handle", String.class, String.class, int.class);
		KvListenerContainer container = factory.createContainer(new KvListenerEndpoint("flaky", bucket, List.of(">"),
				KvWatchOptions.defaults(), 1, true,
				new KvListenerMethodAdapter(flaky, method, KvValueConverters.defaults(), null, null), "flaky"));
		try {
			container.start();
			template.put(bucket, "k.flaky", "a");
			template.put(bucket, "k.after", "b");
			await().atMost(Duration.ofSeconds(20)).until(() -> flaky.calls.size() >= 4);

			assertThat(flaky.calls).containsExactly("k.flaky:a:1", "k.flaky:a:2", "k.flaky:a:3", "k.after:b:1");
			assertThat(deadLetters).isEmpty();
			assertThat(failures).isEmpty();
			await().atMost(Duration.ofSeconds(5)).until(() -> ackPending(connection, bucket, container) == 0);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenTransactionTakenWholeKeepsFailingThenEachEntryIsWrittenToTheDeadLetterBucket(Connection connection)
			throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-tx", true);
		String deadLetterBucket = bucket(connection, "group-tx-dlq", false);
		WholeChanges whole = new WholeChanges();
		List<Long> failures = new CopyOnWriteArrayList<>();
		KvListenerContainerFactory factory = factory(template, failures);
		factory.setErrorHandler(recording(failures, new FixedBackOff(INTERVAL_MILLIS, 1)));
		factory.setDeadLetterHandler(new KvDeadLetterBucket(template, deadLetterBucket));
		Method method = WholeChanges.class.getDeclaredMethod("handle", List.class, int.class);
		KvListenerContainer container = factory.createContainer(new KvListenerEndpoint("whole", bucket, List.of(">"),
				KvWatchOptions.defaults(), 1, true,
				new KvListenerMethodAdapter(whole, method, KvValueConverters.defaults(), null, null), "whole"));
		try {
			container.start();
			template.executeInTransaction(bucket, (transaction) -> {
				transaction.put("k.a", "first");
				transaction.put("k.poison", "second");
				return null;
			});
			long after = template.put(bucket, "k.b", "third");
			await().atMost(Duration.ofSeconds(20)).until(() -> whole.calls.size() >= 3);

			assertThat(whole.calls).as("the transaction twice, whole, then the next change")
				.containsExactly("[k.a, k.poison]:1", "[k.a, k.poison]:2", "[k.b]:1");
			KvEntry<KvDeadLetter> poison = template.get(deadLetterBucket, "k.poison", KvDeadLetter.class);
			KvEntry<KvDeadLetter> first = template.get(deadLetterBucket, "k.a", KvDeadLetter.class);
			assertThat(poison).isNotNull();
			assertThat(first).isNotNull();
			KvDeadLetter letter = poison.requiredValue();
			assertThat(letter.listener()).isEqualTo("whole");
			assertThat(letter.group()).isEqualTo("whole");
			assertThat(letter.bucket()).isEqualTo(bucket);
			assertThat(letter.key()).isEqualTo("k.poison");
			assertThat(letter.revision()).isEqualTo(after - 1);
			assertThat(letter.operation()).isEqualTo(KvOperation.PUT);
			assertThat(letter.value()).isEqualTo(template.get(bucket, "k.poison", byte[].class).requiredValue());
			assertThat(new String(letter.value(), StandardCharsets.UTF_8)).isEqualTo("second");
			assertThat(letter.attempts()).isEqualTo(2);
			assertThat(letter.exception()).isEqualTo(IllegalArgumentException.class.getName());
			assertThat(letter.message()).isEqualTo("no poison please");
			assertThat(letter.failedAt()).isNotNull();
			assertThat(first.requiredValue().revision()).isEqualTo(after - 2);
			assertThat(template.keys(deadLetterBucket)).containsExactlyInAnyOrder("k.a", "k.poison");
			assertThat(failures).containsExactly(after - 2);
			await().atMost(Duration.ofSeconds(5)).until(() -> ackPending(connection, bucket, container) == 0);
		}
		finally {
			container.stop();
		}
	}

	@Test
	void whenMemberStopsDuringTheBackOffThenTheNextMemberGetsTheChangeAtOnce(NatsServer server,
			Connection connection) throws Exception {
		KeyValueTemplate template = new KeyValueTemplate(connection);
		String bucket = bucket(connection, "group-leave", false);
		List<String> calls = new CopyOnWriteArrayList<>();
		List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
		List<KvListenerContainer> members = new ArrayList<>();
		try (Connection first = NatsServerExtension.connect(List.of(server.url()));
				Connection second = NatsServerExtension.connect(List.of(server.url()))) {
			for (Connection memberConnection : List.of(first, second)) {
				KvListenerContainerFactory factory = new KvListenerContainerFactory(
						new KeyValueTemplate(memberConnection));
				factory.setErrorHandler(KvListenerErrorHandler.retrying(new FixedBackOff(60_000, 5)));
				factory.setDeadLetterHandler((container, entries, failure, attempts) -> deadLetters
					.add(new DeadLetter(entries.stream().map(KvEntry::key).toList(), failure.getMessage(), attempts)));
				String name = "member-" + members.size();
				members.add(factory.createContainer(endpoint(bucket, "leave", (entry, attempt) -> {
					calls.add(name + ":" + entry.key() + ":" + attempt);
					if (entry.key().equals("k.poison")) {
						throw new IllegalStateException("always");
					}
				})));
			}
			members.get(0).start();
			template.put(bucket, "k.ready", 0);
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
			members.get(1).start();
			template.put(bucket, "k.poison", 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 2);

			long stopping = System.nanoTime();
			members.get(0).stop();
			assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("stop ends the 60 s back-off")
				.isLessThan(Duration.ofSeconds(5));
			// Given back at the stop: well before the 30 s acknowledgement wait, with nothing written after it.
			await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 3);
			assertThat(calls).containsExactly("member-0:k.ready:1", "member-0:k.poison:1", "member-1:k.poison:1");
			assertThat(deadLetters).isEmpty();
			assertThat(ackPending(connection, bucket, members.get(1))).isEqualTo(1);
		}
		finally {
			members.forEach(KvListenerContainer::stop);
		}
	}

	private static KvListenerContainerFactory factory(KeyValueTemplate template, List<Long> failures) {
		KvListenerContainerFactory factory = new KvListenerContainerFactory(template);
		factory.setErrorHandler(recording(failures, new FixedBackOff(INTERVAL_MILLIS, 2)));
		return factory;
	}

	private static KvListenerErrorHandler recording(List<Long> failures, FixedBackOff backOff) {
		KvListenerErrorHandler retrying = KvListenerErrorHandler.retrying(backOff);
		return new KvListenerErrorHandler() {

			@Override
			public void handleFailure(KvListenerContainer container, KvEntry<byte[]> entry, Exception failure) {
				failures.add(entry.revision());
			}

			@Override
			public org.springframework.util.backoff.BackOff retryBackOff() {
				return retrying.retryBackOff();
			}

		};
	}

	private static KvListenerEndpoint endpoint(String bucket, String group, AttemptHandler handler) {
		return new KvListenerEndpoint(group, bucket, List.of(">"), KvWatchOptions.defaults(), 1, true,
				new KvEntryHandler() {

					@Override
					public void handle(KvEntry<byte[]> entry) throws Exception {
						handler.handle(entry, 1);
					}

					@Override
					public void handle(KvEntry<byte[]> entry, int attempt) throws Exception {
						handler.handle(entry, attempt);
					}

				}, group);
	}

	private static long ackPending(Connection connection, String bucket, KvListenerContainer container)
			throws Exception {
		return connection.jetStreamManagement()
			.getConsumerInfo("KV_" + bucket, ((KvGroupListenerContainer) container).getConsumerName())
			.getNumAckPending();
	}

	private static String bucket(Connection connection, String prefix, boolean atomicWrites) {
		String bucket = UniqueNames.bucket(prefix);
		new KvBucketAdmin(connection)
			.create(KvBucketDefinition.builder(bucket).history(8).atomicWrites(atomicWrites).build());
		return bucket;
	}

	@FunctionalInterface
	private interface AttemptHandler {

		void handle(KvEntry<byte[]> entry, int attempt) throws Exception;

	}

	private record Call(String key, long revision, int attempt, long nanos) {

	}

	private record DeadLetter(List<String> keys, String message, int attempts) {

	}

	static class Flaky {

		final List<String> calls = new CopyOnWriteArrayList<>();

		void handle(@KvKey String key, String value, @KvDeliveryAttempt int attempt) {
			this.calls.add(key + ":" + value + ":" + attempt);
			if (key.equals("k.flaky") && attempt < 3) {
				throw new IllegalStateException("not yet");
			}
		}

	}

	static class WholeChanges {

		final List<String> calls = new CopyOnWriteArrayList<>();

		void handle(List<KvEntry<String>> change, @KvDeliveryAttempt int attempt) {
			List<String> keys = new ArrayList<>();
			change.forEach((entry) -> keys.add(entry.key()));
			this.calls.add(keys + ":" + attempt);
			if (keys.contains("k.poison")) {
				throw new IllegalArgumentException("no poison please");
			}
		}

	}

}
