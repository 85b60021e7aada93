package io.github.kvspring.data.core;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A foreign client on a bucket with atomic writes: the official NATS JavaScript client (nats.js: {@code @nats-io/kv}
 * over {@code @nats-io/transport-node}, the versions locked in {@code src/test/js}), run by {@link NatsJsClient} as a
 * {@code node} process against the test's server, opens the bucket, reads what Java transactions committed, writes
 * what Java then reads and commits over, watches Java's transactions land, and deletes and purges keys Java wrote.
 */
@WithNatsServer
@ExtendWith(NatsJsClient.Installed.class)
class KvForeignClientIntegrationTests {

	private static final String BATCH_ID = "Nats-Batch-Id";

	private static final String BATCH_SEQUENCE = "Nats-Batch-Sequence";

	private static final String BATCH_COMMIT = "Nats-Batch-Commit";

	private final KeyValueTemplate template;

	private final String bucket = UniqueNames.bucket("js");

	private final NatsJsClient js;

	KvForeignClientIntegrationTests(Connection connection, NatsServer server) {
		this.template = new KeyValueTemplate(connection);
		new KvBucketAdmin(connection)
			.create(KvBucketDefinition.builder(this.bucket).history(10).atomicWrites(true).build());
		this.js = new NatsJsClient(server.url(), this.bucket);
	}

	@Test
	void whenJavaCommitsATransactionThenNatsJsOpensTheBucketAndReadsEveryValueAtItsRevision() {
		this.template.put(this.bucket, "order.1", "placed");
		this.template.executeInTransaction(this.bucket, (transaction) -> {
			transaction.put("order.1", "paid");
			transaction.create("stock.1", "9");
			transaction.put("note.1", "gift");
			return null;
		});
		List<String> keys = List.of("order.1", "stock.1", "note.1");
		Map<String, KvEntry<String>> committed = this.template.getAll(this.bucket, keys, String.class);
		long first = committed.get("order.1").revision();
		assertThat(keys).extracting((key) -> committed.get(key).revision())
			.as("one batch, consecutive revisions")
			.containsExactly(first, first + 1, first + 2);

		List<JsonNode> lines = this.js.run("read", keys.toArray(String[]::new));

		JsonNode status = lines.get(0);
		assertThat(status.path("kind").asString()).isEqualTo("status");
		assertThat(status.path("bucket").asString()).isEqualTo(this.bucket);
		assertThat(status.path("history").asLong()).isEqualTo(10);
		assertThat(status.path("values").asLong()).as("messages in the bucket").isEqualTo(4);
		assertThat(status.path("allowAtomic").asBoolean()).as("the stream's allow_atomic as nats.js read it").isTrue();
		List<JsonNode> entries = lines.stream().filter((line) -> line.path("kind").asString().equals("entry")).toList();
		assertThat(entries).extracting(this::entry)
			.containsExactly(tuple("order.1", "PUT", "paid", first), tuple("stock.1", "PUT", "9", first + 1),
					tuple("note.1", "PUT", "gift", first + 2));
		// The batch headers are stored with each message; nats.js shows them through its JetStream message get.
		List<JsonNode> stored = lines.stream().filter((line) -> line.path("kind").asString().equals("stored")).toList();
		assertThat(stored).extracting((line) -> line.path("revision").asLong())
			.containsExactly(first, first + 1, first + 2);
		assertBatch(stored.stream().map((line) -> line.path("headers")).toList());
	}

	@Test
	void whenNatsJsWritesThenJavaReadsItsValuesAndATransactionCommitsOverThem() {
		List<JsonNode> lines = this.js.run("write", "js.a", "js.b");

		assertThat(lines).extracting((line) -> line.path("kind").asString(), (line) -> line.path("op").asString(),
				(line) -> line.path("key").asString())
			.containsExactly(tuple("written", "put", "js.a"), tuple("written", "create", "js.b"),
					tuple("written", "update", "js.a"), tuple("refused", "create", "js.b"),
					tuple("refused", "update", "js.a"));
		long put = lines.get(0).path("revision").asLong();
		long created = lines.get(1).path("revision").asLong();
		long updated = lines.get(2).path("revision").asLong();
		assertThat(this.template.get(this.bucket, "js.a", String.class)).satisfies((entry) -> {
			assertThat(entry.value()).isEqualTo("js-2");
			assertThat(entry.revision()).isEqualTo(updated);
		});
		assertThat(this.template.history(this.bucket, "js.a", String.class))
			.extracting(KvEntry::value, KvEntry::revision)
			.containsExactly(tuple("js-1", put), tuple("js-2", updated));
		assertThat(this.template.get(this.bucket, "js.b", String.class)).satisfies((entry) -> {
			assertThat(entry.value()).isEqualTo("js-1");
			assertThat(entry.revision()).isEqualTo(created);
		});

		this.template.executeInTransaction(this.bucket, (transaction) -> {
			String a = transaction.get("js.a", String.class).value();
			transaction.put("js.a", a + "+java");
			transaction.update("js.b", "java-1", created);
			return null;
		});
		KvEntry<String> a = this.template.get(this.bucket, "js.a", String.class);
		KvEntry<String> b = this.template.get(this.bucket, "js.b", String.class);
		assertThat(a.value()).isEqualTo("js-2+java");
		assertThat(b.value()).isEqualTo("java-1");
		assertThat(a.revision()).isGreaterThan(updated);
		assertThat(b.revision()).isEqualTo(a.revision() + 1);
	}

	@Test
	void whenNatsJsWritesAKeyATransactionWritesAfterReadingItThenTheCommitIsRefused() {
		this.template.put(this.bucket, "x", "1");
		this.template.put(this.bucket, "y", "1");
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, (transaction) -> {
				transaction.put("x", transaction.get("x", String.class).value() + "+java");
				transaction.put("y", "java");
				this.js.run("put", "x", "js");
				return null;
			}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("x"));
		assertThat(this.template.get(this.bucket, "x", String.class).value()).isEqualTo("js");
		assertThat(this.template.get(this.bucket, "y", String.class).value()).isEqualTo("1");
	}

	@Test
	void whenNatsJsWatchesWhileJavaCommitsThenItReceivesEveryEntryOfEveryTransaction() {
		try (NatsJsClient.Running watch = this.js.start("watch", "w.>", "8")) {
			watch.next("ready");
			this.template.executeInTransaction(this.bucket, (transaction) -> {
				transaction.put("w.1", "a1");
				transaction.put("w.2", "b1");
				transaction.put("w.3", "c1");
				return null;
			});
			this.template.executeInTransaction(this.bucket, (transaction) -> {
				transaction.put("w.1", "a2");
				transaction.delete("w.2");
				transaction.create("w.4", "d1");
				return null;
			});
			// The purge below removes w.3's earlier value from the stream: it is committed once the watch has it.
			List<JsonNode> entries = Stream.generate(() -> watch.next("entry")).limit(6).toList();
			this.template.executeInTransaction(this.bucket, (transaction) -> {
				transaction.purge("w.3");
				transaction.put("w.1", "a3");
				return null;
			});
			entries = Stream.concat(entries.stream(), Stream.generate(() -> watch.next("entry")).limit(2)).toList();
			assertThat(watch.untilDone()).isEmpty();

			long first = entries.get(0).path("revision").asLong();
			assertThat(entries).extracting(this::entry)
				.containsExactly(tuple("w.1", "PUT", "a1", first), tuple("w.2", "PUT", "b1", first + 1),
						tuple("w.3", "PUT", "c1", first + 2), tuple("w.1", "PUT", "a2", first + 3),
						tuple("w.2", "DEL", "", first + 4), tuple("w.4", "PUT", "d1", first + 5),
						tuple("w.3", "PURGE", "", first + 6), tuple("w.1", "PUT", "a3", first + 7));
			assertThat(this.template.history(this.bucket, "w.1", String.class)).extracting(KvEntry::revision)
				.containsExactly(first, first + 3, first + 7);
			// nats.js's KvWatchEntry has no headers; the JetStream message under it carries the batch headers.
			assertThat(entries).allSatisfy((entry) -> assertThat(entry.path("entryHeaders").isNull()).isTrue());
			List<JsonNode> headers = entries.stream().map((entry) -> entry.path("messageHeaders")).toList();
			assertBatch(headers.subList(0, 3));
			assertBatch(headers.subList(3, 6));
			assertBatch(headers.subList(6, 8));
			assertThat(Stream.of(headers.get(0), headers.get(3), headers.get(6))
				.map((header) -> header.path(BATCH_ID).asString())).doesNotHaveDuplicates();
		}
	}

	@Test
	void whenNatsJsDeletesAndPurgesKeysThenJavaSeesBothAndATransactionWritesThemAgain() {
		this.template.put(this.bucket, "d.1", "v1");
		this.template.put(this.bucket, "p.1", "v1");
		this.template.put(this.bucket, "p.1", "v2");

		List<JsonNode> lines = this.js.run("remove", "d.1", "p.1");

		assertThat(lines).extracting((line) -> line.path("key").asString(), (line) -> line.path("operation").asString())
			.containsExactly(tuple("d.1", "DEL"), tuple("p.1", "PURGE"));
		long deleted = lines.get(0).path("revision").asLong();
		long purged = lines.get(1).path("revision").asLong();
		assertThat(this.template.get(this.bucket, "d.1", String.class)).isNull();
		assertThat(this.template.get(this.bucket, "p.1", String.class)).isNull();
		assertThat(this.template.keys(this.bucket)).isEmpty();
		assertThat(this.template.history(this.bucket, "d.1", String.class)).extracting(KvEntry::operation,
				KvEntry::revision)
			.endsWith(tuple(KvOperation.DELETE, deleted));
		assertThat(this.template.history(this.bucket, "p.1", String.class)).extracting(KvEntry::operation,
				KvEntry::revision)
			.containsExactly(tuple(KvOperation.PURGE, purged));

		this.template.executeInTransaction(this.bucket, (transaction) -> {
			transaction.create("d.1", "again");
			transaction.create("p.1", "again");
			return null;
		});
		assertThat(this.template.getAll(this.bucket, List.of("d.1", "p.1"), String.class).values())
			.extracting(KvEntry::value, KvEntry::revision)
			.containsExactlyInAnyOrder(tuple("again", purged + 1), tuple("again", purged + 2));
	}

	private Tuple entry(JsonNode line) {
		return tuple(line.path("key").asString(), line.path("operation").asString(), line.path("value").asString(),
				line.path("revision").asLong());
	}

	/** The headers of one transaction's messages, in order: one batch id, sequences from 1, the commit on the last. */
	private static void assertBatch(List<JsonNode> headers) {
		String id = headers.get(0).path(BATCH_ID).asString();
		assertThat(id).isNotEmpty();
		for (int i = 0; i < headers.size(); i++) {
			JsonNode header = headers.get(i);
			assertThat(header.path(BATCH_ID).asString()).isEqualTo(id);
			assertThat(header.path(BATCH_SEQUENCE).asString()).isEqualTo(Integer.toString(i + 1));
			assertThat(header.has(BATCH_COMMIT)).as("commit header on message %d of %d", i + 1, headers.size())
				.isEqualTo(i == headers.size() - 1);
		}
	}

}
