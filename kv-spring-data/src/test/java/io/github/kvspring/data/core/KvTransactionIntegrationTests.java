package io.github.kvspring.data.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.test.Concurrently;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	@ParameterizedTest(name = "atomic writes {0}")
	@ValueSource(booleans = { true, false })
	void whenATransactionRewritesAKeyAScanHasNotReachedThenTheScanFailsRatherThanShowPartOfIt(boolean atomicWrites) {
		String scanned = UniqueNames.bucket("scan-tx");
		this.admin.create(KvBucketDefinition.builder(scanned).history(1).atomicWrites(atomicWrites).build());
		// More keys than one pull of a scan (2,048): the last ones are still on the server when the scan begins.
		this.template.writeAll(scanned,
				IntStream.range(0, 5000).mapToObj((i) -> KvWrite.put(String.format("k.%04d", i), "0")).toList());
		try (Stream<KvEntry<String>> scan = this.template.streamEntries(scanned, String.class, ">")) {
			Iterator<KvEntry<String>> entries = scan.iterator();
			String first = entries.next().key();
			commitOrWrite(atomicWrites, scanned, first, "k.4999");
			if (atomicWrites) {
				assertThatExceptionOfType(KvScanConflictException.class).isThrownBy(() -> entries.forEachRemaining((entry) -> {
				})).satisfies((ex) -> assertThat(ex.getKey()).isEqualTo("k.4999"));
			}
			else {
				// Without transactions a scan returns each key as it was at some moment of the scan.
				Map<String, String> rest = new java.util.HashMap<>();
				entries.forEachRemaining((entry) -> rest.put(entry.key(), entry.value()));
				assertThat(rest).containsEntry("k.4999", "1").hasSize(4999);
			}
		}
	}

	@Test
	void whenATransactionCreatesAKeyAndRewritesOneAScanReturnedThenTheScanShowsNeither() {
		String scanned = UniqueNames.bucket("scan-tx");
		this.admin.create(KvBucketDefinition.builder(scanned).history(1).atomicWrites(true).build());
		this.template.writeAll(scanned,
				IntStream.range(0, 5000).mapToObj((i) -> KvWrite.put(String.format("k.%04d", i), "0")).toList());
		Map<String, String> seen = new java.util.HashMap<>();
		try (Stream<KvEntry<String>> scan = this.template.streamEntries(scanned, String.class, ">")) {
			Iterator<KvEntry<String>> entries = scan.iterator();
			KvEntry<String> first = entries.next();
			seen.put(first.key(), first.value());
			this.template.executeInTransaction(scanned, (transaction) -> {
				transaction.put(first.key(), "1");
				transaction.create("k.9999", "1");
				return null;
			});
			entries.forEachRemaining((entry) -> seen.put(entry.key(), entry.value()));
		}
		assertThat(seen).hasSize(5000).doesNotContainKey("k.9999").doesNotContainValue("1");
	}

	private void commitOrWrite(boolean atomicWrites, String bucket, String first, String last) {
		if (atomicWrites) {
			this.template.executeInTransaction(bucket, (transaction) -> {
				transaction.put(first, "1");
				transaction.put(last, "1");
				return null;
			});
		}
		else {
			this.template.put(bucket, first, "1");
			this.template.put(bucket, last, "1");
		}
	}

	@Test
	void whenEightThreadsTransferAmongTwentyAccountsThenEveryAcknowledgedTransferIsAppliedWholeAndNothingElse()
			throws Exception {
		String bank = UniqueNames.bucket("bank");
		// History 64: the watch checking every change must find each revision still there however far it lags.
		// In memory: a file store builds a store per atomic batch, five times the cost (the benchmarks say).
		this.admin.create(KvBucketDefinition.builder(bank).history(64).storage(KvStorage.MEMORY).atomicWrites(true)
			.build());
		Bank transfers = new Bank(this.template, bank, 20, true);
		transfers.transfer(8, 500, new CountDownLatch(0), () -> {
		});
		transfers.assertConsistent(0);
		assertThat(transfers.acknowledged()).isEqualTo(4000);
	}

}
