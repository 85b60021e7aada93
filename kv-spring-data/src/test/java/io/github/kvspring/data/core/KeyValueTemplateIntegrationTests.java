package io.github.kvspring.data.core;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.data.convert.KvValueConversionException;
import io.github.kvspring.test.Concurrently;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every template operation against a real server.
 */
@WithNatsServer
class KeyValueTemplateIntegrationTests {

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private String bucket = "";

	KeyValueTemplateIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
	}

	@BeforeEach
	void createBucket() {
		this.bucket = UniqueNames.bucket("template");
		this.admin.create(KvBucketDefinition.builder(this.bucket).history(5).build());
	}

	record Order(String id, int quantity) {
	}

	@Test
	void whenPutThenGetReadsEachValueTypeWithItsRevision() {
		long first = this.template.put(this.bucket, "text", "hello");
		long second = this.template.put(this.bucket, "bytes", new byte[] { 1, 2, 3 });
		long third = this.template.put(this.bucket, "orders.1", new Order("1", 3));

		assertThat(second).isGreaterThan(first);
		assertThat(third).isGreaterThan(second);
		KvEntry<String> text = this.template.get(this.bucket, "text", String.class);
		assertThat(text).isNotNull();
		assertThat(text.value()).isEqualTo("hello");
		assertThat(text.revision()).isEqualTo(first);
		assertThat(text.operation()).isEqualTo(KvOperation.PUT);
		assertThat(text.bucket()).isEqualTo(this.bucket);
		assertThat(text.created()).isNotNull();
		assertThat(this.template.get(this.bucket, "bytes", byte[].class).value()).containsExactly(1, 2, 3);
		assertThat(this.template.get(this.bucket, "orders.1", Order.class).value()).isEqualTo(new Order("1", 3));
		assertThat(this.template.get(this.bucket, "orders.1", String.class).value()).isEqualTo("{\"id\":\"1\",\"quantity\":3}");
	}

	@Test
	void whenNeverWrittenDeletedOrPurgedThenGetIsNull() {
		assertThat(this.template.get(this.bucket, "missing", String.class)).isNull();
		this.template.put(this.bucket, "deleted", "v");
		this.template.delete(this.bucket, "deleted");
		assertThat(this.template.get(this.bucket, "deleted", String.class)).isNull();
		this.template.put(this.bucket, "purged", "v");
		this.template.purge(this.bucket, "purged");
		assertThat(this.template.get(this.bucket, "purged", String.class)).isNull();
	}

	@Test
	void whenGetAtRevisionThenThatValueOrNull() {
		long first = this.template.put(this.bucket, "k", "v1");
		long second = this.template.put(this.bucket, "k", "v2");
		long other = this.template.put(this.bucket, "other", "x");
		long deleted = this.template.delete(this.bucket, "k");

		assertThat(this.template.get(this.bucket, "k", first, String.class).value()).isEqualTo("v1");
		assertThat(this.template.get(this.bucket, "k", second, String.class).value()).isEqualTo("v2");
		assertThat(this.template.get(this.bucket, "k", other, String.class)).as("another key's revision").isNull();
		assertThat(this.template.get(this.bucket, "k", deleted, String.class)).as("a marker").isNull();
		assertThat(this.template.get(this.bucket, "k", deleted + 100, String.class)).as("not yet written").isNull();
	}

	@Test
	void whenHistoryDepthReachedThenOlderRevisionsDropped() {
		List<Long> revisions = new ArrayList<>();
		for (int i = 1; i <= 7; i++) {
			revisions.add(this.template.put(this.bucket, "k", "v" + i));
		}
		assertThat(this.template.history(this.bucket, "k", String.class)).extracting(KvEntry::value)
			.containsExactly("v3", "v4", "v5", "v6", "v7");
		assertThat(this.template.get(this.bucket, "k", revisions.get(0), String.class)).as("aged out").isNull();
	}

	@Test
	void whenHistoryReadThenMarkersAreAmongTheValues() {
		this.template.put(this.bucket, "k", "v1");
		this.template.delete(this.bucket, "k");
		this.template.put(this.bucket, "k", "v2");
		assertThat(this.template.history(this.bucket, "k", String.class))
			.extracting(KvEntry::operation, KvEntry::value)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(KvOperation.PUT, "v1"),
					org.assertj.core.groups.Tuple.tuple(KvOperation.DELETE, null),
					org.assertj.core.groups.Tuple.tuple(KvOperation.PUT, "v2"));
		this.template.purge(this.bucket, "k");
		assertThat(this.template.history(this.bucket, "k", String.class)).extracting(KvEntry::operation)
			.containsExactly(KvOperation.PURGE);
		assertThat(this.template.history(this.bucket, "never", String.class)).isEmpty();
	}

	@Test
	void whenCreateOnLiveKeyThenDuplicateAndNothingWritten() {
		long created = this.template.create(this.bucket, "k", "first");
		assertThatExceptionOfType(KvKeyExistsException.class)
			.isThrownBy(() -> this.template.create(this.bucket, "k", "second"))
			.withMessageContaining("'k'")
			.withMessageContaining(this.bucket)
			.isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
		assertThat(this.template.get(this.bucket, "k", String.class).revision()).isEqualTo(created);
	}

	@Test
	void whenCreateAfterDeleteOrPurgeThenCreated() {
		this.template.put(this.bucket, "deleted", "v1");
		this.template.delete(this.bucket, "deleted");
		long afterDelete = this.template.create(this.bucket, "deleted", "v2");
		assertThat(this.template.get(this.bucket, "deleted", String.class).revision()).isEqualTo(afterDelete);

		this.template.put(this.bucket, "purged", "v1");
		this.template.purge(this.bucket, "purged");
		this.template.create(this.bucket, "purged", "v2");
		assertThat(this.template.get(this.bucket, "purged", String.class).value()).isEqualTo("v2");
	}

	@Test
	void whenUpdateAtCurrentRevisionThenWrittenAndStaleRevisionRejected() {
		long first = this.template.put(this.bucket, "k", "v1");
		long second = this.template.update(this.bucket, "k", "v2", first);
		assertThat(second).isGreaterThan(first);
		assertThatExceptionOfType(KvRevisionMismatchException.class)
			.isThrownBy(() -> this.template.update(this.bucket, "k", "stale", first))
			.isInstanceOf(org.springframework.dao.OptimisticLockingFailureException.class)
			.satisfies((ex) -> {
				assertThat(ex.getExpectedRevision()).isEqualTo(first);
				assertThat(ex.getCurrentRevision()).isEqualTo(second);
				assertThat(ex.getKey()).isEqualTo("k");
			});
		assertThat(this.template.get(this.bucket, "k", String.class).value()).isEqualTo("v2");
	}

	@Test
	void whenUpdateExpectingZeroThenActsAsCreate() {
		this.template.update(this.bucket, "k", "v1", 0);
		assertThatExceptionOfType(KvRevisionMismatchException.class)
			.isThrownBy(() -> this.template.update(this.bucket, "k", "v2", 0));
	}

	@Test
	void whenDeleteOrPurgeAtStaleRevisionThenRejectedAndValueKept() {
		long first = this.template.put(this.bucket, "k", "v1");
		long second = this.template.put(this.bucket, "k", "v2");
		assertThatExceptionOfType(KvRevisionMismatchException.class)
			.isThrownBy(() -> this.template.delete(this.bucket, "k", first));
		assertThatExceptionOfType(KvRevisionMismatchException.class)
			.isThrownBy(() -> this.template.purge(this.bucket, "k", first));
		assertThat(this.template.get(this.bucket, "k", String.class).revision()).isEqualTo(second);
		this.template.delete(this.bucket, "k", second);
		assertThat(this.template.get(this.bucket, "k", String.class)).isNull();
	}

	@Test
	void whenKeysListedThenLiveByDefaultAndEveryEntryOnRequest() {
		this.template.put(this.bucket, "orders.eu.1", "a");
		this.template.put(this.bucket, "orders.eu.2", "b");
		this.template.put(this.bucket, "orders.us", "c");
		this.template.put(this.bucket, "users.1", "d");
		this.template.put(this.bucket, "gone", "e");
		this.template.delete(this.bucket, "gone");
		this.template.put(this.bucket, "purged", "f");
		this.template.purge(this.bucket, "purged");

		assertThat(this.template.keys(this.bucket)).containsExactlyInAnyOrder("orders.eu.1", "orders.eu.2", "orders.us",
				"users.1");
		assertThat(this.template.keys(this.bucket, KvKeyScope.ANY_ENTRY)).containsExactlyInAnyOrder("orders.eu.1",
				"orders.eu.2", "orders.us", "users.1", "gone", "purged");
		assertThat(this.template.keys(this.bucket, "orders.*")).containsExactly("orders.us");
		assertThat(this.template.keys(this.bucket, "orders.>")).containsExactlyInAnyOrder("orders.eu.1", "orders.eu.2",
				"orders.us");
		assertThat(this.template.keys(this.bucket, "orders.*.1", "users.*")).containsExactlyInAnyOrder("orders.eu.1",
				"users.1");
		try (Stream<String> keys = this.template.streamKeys(this.bucket, KvKeyScope.LIVE, "orders.>")) {
			assertThat(keys.limit(2)).hasSize(2);
		}
	}

	@Test
	void whenBucketEmptyThenScansEndAtOnce() {
		assertThat(this.template.keys(this.bucket)).isEmpty();
		try (Stream<KvEntry<String>> entries = this.template.streamEntries(this.bucket, String.class)) {
			assertThat(entries).isEmpty();
		}
	}

	@Test
	void whenManyEntriesThenOneStreamReadsEveryLatestValue() {
		IntStream.range(0, 2_000).forEach((i) -> this.template.put(this.bucket, "item." + i, Integer.toString(i)));
		this.template.put(this.bucket, "item.7", "seven");
		try (Stream<KvEntry<String>> entries = this.template.streamEntries(this.bucket, String.class, "item.>")) {
			List<KvEntry<String>> all = entries.toList();
			assertThat(all).hasSize(2_000);
			assertThat(all).filteredOn((entry) -> entry.key().equals("item.7")).singleElement()
				.extracting(KvEntry::value).isEqualTo("seven");
		}
	}

	@Test
	void whenPurgeAllThenEveryKeyGetsAMarkerAndNoneIsLive() {
		IntStream.range(0, 50).forEach((i) -> this.template.put(this.bucket, "k." + i, "v"));
		this.template.delete(this.bucket, "k.0");
		assertThat(this.template.purgeAll(this.bucket)).isEqualTo(50);
		assertThat(this.template.keys(this.bucket)).isEmpty();
		assertThat(this.template.history(this.bucket, "k.1", String.class)).extracting(KvEntry::operation)
			.containsExactly(KvOperation.PURGE);
	}

	@Test
	void whenPurgedSilentlyThenBucketIsEmpty() {
		this.template.put(this.bucket, "k", "v");
		this.template.purgeAllSilently(this.bucket);
		assertThat(this.template.keys(this.bucket, KvKeyScope.ANY_ENTRY)).isEmpty();
		assertThat(this.template.get(this.bucket, "k", String.class)).isNull();
	}

	@Test
	void whenEightThreadsIncrementOneKeyThenNoIncrementIsLost() throws Exception {
		Concurrently.run(8, 200, () -> this.template.modify(this.bucket, "counter", Integer.class,
				(current) -> (current != null) ? current + 1 : 1));
		assertThat(this.template.get(this.bucket, "counter", Integer.class).value()).isEqualTo(1_600);
	}

	@Test
	void whenModifyOnDeletedKeyThenStartsFromNothing() {
		this.template.put(this.bucket, "k", 5);
		this.template.delete(this.bucket, "k");
		KvModification<Integer> result = this.template.modify(this.bucket, "k", Integer.class,
				(current) -> (current == null) ? 1 : current + 1);
		assertThat(result.value()).isEqualTo(1);
		assertThat(result.attempts()).isEqualTo(1);
		assertThat(this.template.get(this.bucket, "k", Integer.class).revision()).isEqualTo(result.revision());
	}

	@Test
	void whenBucketMissingThenErrorNamesItAtOnce() {
		String missing = UniqueNames.bucket("missing");
		long start = System.nanoTime();
		assertThatExceptionOfType(KvBucketNotFoundException.class)
			.isThrownBy(() -> this.template.put(missing, "k", "v"))
			.withMessageContaining(missing);
		assertThatExceptionOfType(KvBucketNotFoundException.class)
			.isThrownBy(() -> this.template.get(missing, "k", String.class));
		assertThatExceptionOfType(KvBucketNotFoundException.class).isThrownBy(() -> this.template.keys(missing));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no retry for a bucket that does not exist")
			.isLessThan(Duration.ofSeconds(5));
	}

	@Test
	void whenValueCannotBeConvertedThenErrorNamesKeyAndRevision() {
		long revision = this.template.put(this.bucket, "k", "not json".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(KvValueConversionException.class)
			.isThrownBy(() -> this.template.get(this.bucket, "k", Order.class))
			.withMessageContaining("'k'")
			.withMessageContaining("revision " + revision)
			.withMessageContaining(Order.class.getName());
	}

	@Test
	void whenKeyInvalidThenRejectedBeforeAnythingIsWritten() {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> this.template.put(this.bucket, "a b", "v"))
			.withMessageContaining("'a b'");
		assertThatExceptionOfType(InvalidKeyException.class)
			.isThrownBy(() -> this.template.create(this.bucket, "orders.*", "v"));
		assertThatExceptionOfType(InvalidBucketNameException.class)
			.isThrownBy(() -> this.template.put("bad.bucket", "k", "v"));
		assertThat(this.template.keys(this.bucket, KvKeyScope.ANY_ENTRY)).isEmpty();
	}

	@Test
	void whenBoundToBucketAndTypeThenSameOperationsWithoutRepeatingThem() {
		BoundKeyValueOperations<Order> orders = this.template.bucket(this.bucket, Order.class);
		long revision = orders.create("orders.1", new Order("1", 1));
		orders.update("orders.1", new Order("1", 2), revision);
		assertThat(orders.get("orders.1").value()).isEqualTo(new Order("1", 2));
		assertThat(orders.keys()).containsExactly("orders.1");
		assertThat(orders.history("orders.1")).hasSize(2);
		assertThat(orders.modify("orders.1", (order) -> new Order(order.id(), order.quantity() + 1)).value().quantity())
			.isEqualTo(3);
		assertThat(orders.getBucket()).isEqualTo(this.bucket);
	}

	@Test
	void whenWritingABatchThenEachWriteSucceedsOrFailsAlone() {
		long existing = this.template.put(this.bucket, "existing", "v1");
		this.template.put(this.bucket, "was-deleted", "v1");
		this.template.delete(this.bucket, "was-deleted");
		List<KvWriteResult> results = this.template.writeAll(this.bucket, List.of(KvWrite.put("plain", "p"),
				KvWrite.create("new", "n"), KvWrite.create("existing", "dup"), KvWrite.update("existing", "v2", existing),
				KvWrite.update("plain", "stale", 1), KvWrite.create("was-deleted", "again")));

		assertThat(results).extracting(KvWriteResult::key).containsExactly("plain", "new", "existing", "existing",
				"plain", "was-deleted");
		assertThat(results.get(0).succeeded()).isTrue();
		assertThat(results.get(1).succeeded()).isTrue();
		assertThat(results.get(2).failure()).isInstanceOf(KvKeyExistsException.class);
		assertThat(results.get(3).succeeded()).isTrue();
		assertThat(results.get(4).failure()).isInstanceOf(KvRevisionMismatchException.class);
		assertThat(results.get(5).succeeded()).as("create over a delete marker").isTrue();
		assertThat(this.template.get(this.bucket, "existing", String.class).revision())
			.isEqualTo(results.get(3).revision());
		assertThat(this.template.get(this.bucket, "was-deleted", String.class).value()).isEqualTo("again");
	}

	@Test
	void whenBatchHasAnInvalidKeyThenNothingIsWritten() {
		assertThatExceptionOfType(InvalidKeyException.class).isThrownBy(() -> this.template.writeAll(this.bucket,
				List.of(KvWrite.put("fine", "v"), KvWrite.put("not fine", "v"))));
		assertThat(this.template.keys(this.bucket, KvKeyScope.ANY_ENTRY)).isEmpty();
	}

	@Test
	void whenGettingManyKeysThenLiveOnesReturnedInOrder() {
		this.template.put(this.bucket, "a", "1");
		this.template.put(this.bucket, "b", "2");
		this.template.put(this.bucket, "c", "3");
		this.template.delete(this.bucket, "b");
		assertThat(this.template.getAll(this.bucket, List.of("c", "missing", "b", "a"), String.class))
			.containsOnlyKeys("c", "a")
			.satisfies((entries) -> assertThat(entries.keySet()).containsExactly("c", "a"));
	}

	@Test
	void whenPurgingMatchingKeysThenOthersStay() {
		this.template.put(this.bucket, "orders.1", "a");
		this.template.put(this.bucket, "orders.2", "b");
		this.template.put(this.bucket, "users.1", "c");
		assertThat(this.template.purgeAll(this.bucket, "orders.*")).isEqualTo(2);
		assertThat(this.template.keys(this.bucket)).containsExactly("users.1");
	}

	@Test
	void whenObservedThenEachOperationTaggedWithBucketOperationAndKey(Connection connection) {
		List<io.github.kvspring.data.observation.KvObservationContext> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
		io.micrometer.observation.ObservationRegistry registry = io.micrometer.observation.ObservationRegistry.create();
		registry.observationConfig().observationHandler(new io.micrometer.observation.ObservationHandler<>() {

			@Override
			public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
				return context instanceof io.github.kvspring.data.observation.KvObservationContext;
			}

			@Override
			public void onStop(io.micrometer.observation.Observation.Context context) {
				observed.add((io.github.kvspring.data.observation.KvObservationContext) context);
			}

		});
		KeyValueTemplate observedTemplate = new KeyValueTemplate(connection);
		observedTemplate.setObservationRegistry(registry);
		observedTemplate.put(this.bucket, "k", "v");
		observedTemplate.get(this.bucket, "k", String.class);
		assertThatExceptionOfType(KvKeyExistsException.class)
			.isThrownBy(() -> observedTemplate.create(this.bucket, "k", "again"));
		observedTemplate.keys(this.bucket);

		assertThat(observed).extracting((context) -> context.getOperation() + " " + context.getKey())
			.containsExactly("put k", "get k", "create k", "keys null");
		assertThat(observed.get(0).getLowCardinalityKeyValues().stream().map((kv) -> kv.getKey() + "=" + kv.getValue()))
			.containsExactlyInAnyOrder("nats.kv.bucket=" + this.bucket, "nats.kv.operation=put");
		assertThat(observed.get(0).getHighCardinalityKeyValue("nats.kv.key").getValue()).isEqualTo("k");
		assertThat(observed.get(2).getError()).isInstanceOf(KvKeyExistsException.class);
	}

}
