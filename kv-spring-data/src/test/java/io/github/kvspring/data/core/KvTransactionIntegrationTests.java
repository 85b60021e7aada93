package io.github.kvspring.data.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import io.github.kvspring.test.Concurrently;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Transactions against a real server: a commit writes every key or none, checked against the revisions the
 * transaction saw; a conflict, an exception or a limit writes nothing.
 */
@WithNatsServer
class KvTransactionIntegrationTests {

	private final KeyValueTemplate template;

	private final KvBucketAdmin admin;

	private final String bucket = UniqueNames.bucket("tx");

	KvTransactionIntegrationTests(Connection connection) {
		this.template = new KeyValueTemplate(connection);
		this.admin = new KvBucketAdmin(connection);
		this.admin.create(KvBucketDefinition.builder(this.bucket).history(5).atomicWrites(true).build());
	}

	private long balance(String account) {
		KvEntry<String> entry = this.template.get(this.bucket, account, String.class);
		return (entry != null) ? Long.parseLong(entry.value()) : 0;
	}

	private void transfer(KvTransaction transaction, String from, String to, long amount) {
		KvEntry<String> source = transaction.get(from, String.class);
		KvEntry<String> target = transaction.get(to, String.class);
		transaction.put(from, Long.toString(Long.parseLong(source.value()) - amount));
		transaction.put(to, Long.toString(((target != null) ? Long.parseLong(target.value()) : 0) + amount));
	}

	@Test
	void whenCommittedThenEveryKeyIsWrittenTogetherAtConsecutiveRevisionsAndReadsSawOwnWrites() {
		this.template.put(this.bucket, "a", "100");
		String seenInside = this.template.executeInTransaction(this.bucket, (transaction) -> {
			transfer(transaction, "a", "b", 30);
			transaction.create("c", "new");
			return transaction.get("a", String.class).value();
		});
		assertThat(seenInside).as("a read after a write sees the write").isEqualTo("70");
		assertThat(balance("a")).isEqualTo(70);
		assertThat(balance("b")).isEqualTo(30);
		long a = this.template.get(this.bucket, "a", String.class).revision();
		assertThat(this.template.get(this.bucket, "b", String.class).revision()).isEqualTo(a + 1);
		assertThat(this.template.get(this.bucket, "c", String.class).revision()).isEqualTo(a + 2);
	}

	@Test
	void whenAnotherWriterChangesAKeyBeforeTheCommitThenNothingIsWrittenAndTheKeyIsNamed() {
		this.template.put(this.bucket, "x", "10");
		this.template.put(this.bucket, "y", "10");
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, (transaction) -> {
				transfer(transaction, "x", "y", 5);
				this.template.put(this.bucket, "y", "1000");
				return null;
			}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("y"))
			.withMessageContaining("key 'y' changed since the transaction read it; nothing was written");
		assertThat(balance("x")).isEqualTo(10);
		assertThat(balance("y")).isEqualTo(1000);
	}

	@Test
	void whenACreatedKeyAppearsBeforeTheCommitThenNothingIsWritten() {
		this.template.put(this.bucket, "gone", "v");
		this.template.delete(this.bucket, "gone");
		assertThatExceptionOfType(KvKeyExistsException.class).isThrownBy(() -> this.template
			.executeInTransaction(this.bucket, (transaction) -> {
				transaction.put("present", "v");
				transaction.create("present", "again");
				return null;
			}));
		assertThatExceptionOfType(KvTransactionConflictException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, (transaction) -> {
				transaction.create("gone", "over the delete marker");
				transaction.create("fresh", "v");
				this.template.create(this.bucket, "fresh", "someone else's");
				return null;
			}))
			.satisfies((ex) -> assertThat(ex.getConflictingKeys()).containsExactly("fresh"));
		assertThat(this.template.get(this.bucket, "gone", String.class)).isNull();
		this.template.executeInTransaction(this.bucket, (transaction) -> {
			transaction.create("gone", "over the delete marker");
			return null;
		});
		assertThat(this.template.get(this.bucket, "gone", String.class).value()).isEqualTo("over the delete marker");
	}

	@Test
	void whenTheCallbackThrowsThenNothingIsWritten() {
		this.template.put(this.bucket, "kept", "1");
		assertThatIllegalStateException().isThrownBy(() -> this.template.executeInTransaction(this.bucket,
				(transaction) -> {
					transaction.put("kept", "2");
					transaction.put("never", "1");
					throw new IllegalStateException("changed my mind");
				}));
		assertThat(balance("kept")).isEqualTo(1);
		assertThat(this.template.get(this.bucket, "never", String.class)).isNull();
	}

	@Test
	void whenDeletingAndPurgingInATransactionThenBothLandTogetherWithAPut() {
		this.template.put(this.bucket, "d", "1");
		this.template.put(this.bucket, "p", "1");
		this.template.put(this.bucket, "p", "2");
		this.template.executeInTransaction(this.bucket, (transaction) -> {
			transaction.delete("d");
			transaction.purge("p");
			transaction.put("after", "1");
			return null;
		});
		assertThat(this.template.get(this.bucket, "d", String.class)).isNull();
		assertThat(this.template.history(this.bucket, "p", String.class)).hasSize(1)
			.allSatisfy((entry) -> assertThat(entry.operation()).isEqualTo(KvOperation.PURGE));
		assertThat(balance("after")).isEqualTo(1);
	}

	@Test
	void whenATransactionWouldWriteMoreKeysThanABatchHoldsThenItIsRefusedBeforeAnythingIsSent() {
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.template.executeInTransaction(this.bucket, (transaction) -> {
				IntStream.rangeClosed(1, KvTransaction.MAX_WRITES + 1)
					.forEach((i) -> transaction.put("many." + i, "v"));
				return null;
			}))
			.withMessageContaining("cannot write key 'many.1001': a transaction writes at most 1000 keys");
		assertThat(this.template.keys(this.bucket, "many.>")).isEmpty();
	}

	@Test
	void whenTheBucketDoesNotAcceptAtomicWritesThenTheTransactionIsRefusedNamingTheProperty() {
		String plain = UniqueNames.bucket("plain");
		this.admin.create(KvBucketDefinition.builder(plain).build());
		assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
			.isThrownBy(() -> this.template.executeInTransaction(plain, (transaction) -> {
				transaction.put("k", "v");
				return null;
			}))
			.withMessage("Bucket '" + plain + "' does not accept atomic writes, which transactions commit with: set "
					+ "nats.kv.buckets." + plain + ".atomic-writes=true (or KvBucketDefinition.atomicWrites(true)); "
					+ "nothing was written");
		assertThat(this.template.keys(plain)).isEmpty();
	}

	@Test
	void whenEightThreadsTransferAmongTwentyAccountsThenEveryAcknowledgedTransferIsAppliedWholeAndNothingElse()
			throws Exception {
		int accounts = 20;
		for (int i = 0; i < accounts; i++) {
			this.template.put(this.bucket, "account." + i, "1000");
		}
		List<long[]> acknowledged = Collections.synchronizedList(new ArrayList<>());
		Concurrently.run(8, 100, () -> {
			int from = ThreadLocalRandom.current().nextInt(accounts);
			int to = (from + 1 + ThreadLocalRandom.current().nextInt(accounts - 1)) % accounts;
			long amount = 1 + ThreadLocalRandom.current().nextInt(50);
			boolean moved = this.template.executeInTransaction(this.bucket, 100, (transaction) -> {
				long balance = Long.parseLong(transaction.get("account." + from, String.class).value());
				if (balance < amount) {
					return false;
				}
				transfer(transaction, "account." + from, "account." + to, amount);
				return true;
			});
			if (moved) {
				acknowledged.add(new long[] { from, to, amount });
			}
		});
		long[] expected = new long[accounts];
		java.util.Arrays.fill(expected, 1000);
		for (long[] transfer : acknowledged) {
			expected[(int) transfer[0]] -= transfer[2];
			expected[(int) transfer[1]] += transfer[2];
		}
		Map<String, KvEntry<String>> all = this.template.getAll(this.bucket,
				IntStream.range(0, accounts).mapToObj((i) -> "account." + i).toList(), String.class);
		for (int i = 0; i < accounts; i++) {
			assertThat(Long.parseLong(all.get("account." + i).value())).as("account " + i).isEqualTo(expected[i])
				.isNotNegative();
		}
		assertThat(acknowledged).hasSizeGreaterThan(400);
	}

}
