package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The writes of a {@link KeyValueTemplate} on values: single-key writes on keys it has checked, and batches.
 * Where this thread has a managed transaction ({@link KvTransactionJoin}), a write is kept by it until its commit
 * and returns revision 0 (an update: the revision it expects); else the value is converted to bytes and sent at
 * once through {@link KvWrites}. A modify applies its change to the value read and writes the result back on
 * condition that the key is still at the revision read; on a conflict it reads the key again from the stream
 * leader and applies the change again after a short jittered pause, up to the template's most attempts.
 */
final class KvValueWrites {

	private final KvTransactionJoin joined;

	private final KvConversion conversion;

	private final KvReads reads;

	private final KvWrites writes;

	private final KvBucketFacts facts;

	private final KvTemplateSettings settings;

	KvValueWrites(KvTransactionJoin joined, KvConversion conversion, KvReads reads, KvWrites writes,
			KvBucketFacts facts, KvTemplateSettings settings) {
		this.joined = joined;
		this.conversion = conversion;
		this.reads = reads;
		this.writes = writes;
		this.facts = facts;
		this.settings = settings;
	}

	long put(String bucket, String key, Object value) {
		KvTransactionRunner.Transaction transaction = this.joined.writing(bucket);
		if (transaction != null) {
			transaction.put(key, value);
			return 0L;
		}
		return send(bucket, key, this.conversion.serialize(bucket, key, value), KvOperation.PUT, null, null);
	}

	long put(String bucket, String key, Object value, Duration ttl) {
		this.joined.refuse(bucket, "A write with a TTL");
		String ttlHeader = this.facts.ttlHeader(bucket, key, ttl);
		return send(bucket, key, this.conversion.serialize(bucket, key, value), KvOperation.PUT, null, ttlHeader);
	}

	long create(String bucket, String key, Object value) {
		KvTransactionRunner.Transaction transaction = this.joined.writing(bucket);
		if (transaction != null) {
			transaction.create(key, value);
			return 0L;
		}
		return this.writes.create(bucket, key, this.conversion.serialize(bucket, key, value), null);
	}

	long create(String bucket, String key, Object value, Duration ttl) {
		this.joined.refuse(bucket, "A write with a TTL");
		String ttlHeader = this.facts.ttlHeader(bucket, key, ttl);
		return this.writes.create(bucket, key, this.conversion.serialize(bucket, key, value), ttlHeader);
	}

	long update(String bucket, String key, Object value, long expectedRevision) {
		KvTransactionRunner.Transaction transaction = this.joined.writing(bucket);
		if (transaction != null) {
			transaction.update(key, value, expectedRevision);
			return expectedRevision;
		}
		return send(bucket, key, this.conversion.serialize(bucket, key, value), KvOperation.PUT, expectedRevision,
				null);
	}

	/**
	 * A delete or purge marker, at the expected revision if one is given.
	 */
	long remove(String bucket, String key, KvOperation marker, @Nullable Long expectedRevision) {
		KvTransactionRunner.Transaction transaction = this.joined.writing(bucket);
		if (transaction != null) {
			transaction.remove(key, marker, expectedRevision);
			return 0L;
		}
		return send(bucket, key, null, marker, expectedRevision, null);
	}

	/**
	 * A batch of writes whose bucket is checked, each key checked as its turn comes. Joining a transaction, each
	 * write is kept for its commit (an update at the revision it expects); else they are sent pipelined.
	 */
	List<KvWriteResult> writeAll(String bucket, List<KvWrite> writes) {
		KvTransactionRunner.Transaction transaction = this.joined.writing(bucket);
		if (transaction != null) {
			return writeAll(transaction, writes);
		}
		List<KvWrites.PendingWrite> pending = new ArrayList<>(writes.size());
		for (KvWrite write : writes) {
			KvKeys.requireValidKey(write.key());
			String ttl = (write.ttl() != null) ? this.facts.ttlHeader(bucket, write.key(), write.ttl()) : null;
			byte[] data = (write.kind() != KvWrite.Kind.DELETE)
					? this.conversion.serialize(bucket, write.key(), write.value()) : null;
			if (write.kind() == KvWrite.Kind.UPDATE) {
				KeyValueTemplate.checkRevision(write.expectedRevision());
			}
			pending.add(KvWrites.PendingWrite.of(bucket, write, data, ttl));
		}
		return this.writes.pipeline(bucket, pending);
	}

	private List<KvWriteResult> writeAll(KvTransactionRunner.Transaction transaction, List<KvWrite> writes) {
		List<KvWriteResult> results = new ArrayList<>(writes.size());
		for (KvWrite write : writes) {
			if (write.ttl() != null) {
				this.joined.refuse(transaction.bucket(), "A write with a TTL");
			}
			try {
				long revision = 0;
				switch (write.kind()) {
					case PUT -> transaction.put(write.key(), write.value());
					case CREATE -> transaction.create(write.key(), write.value());
					case UPDATE -> {
						KeyValueTemplate.checkRevision(write.expectedRevision());
						transaction.update(write.key(), write.value(), write.expectedRevision());
						revision = write.expectedRevision();
					}
					case DELETE -> transaction.remove(write.key(), KvOperation.DELETE,
							(write.expectedRevision() > 0) ? write.expectedRevision() : null);
				}
				results.add(new KvWriteResult(write.key(), revision, null));
			}
			catch (KvRevisionMismatchException | KvKeyExistsException ex) {
				results.add(new KvWriteResult(write.key(), 0, ex));
			}
		}
		return results;
	}

	<T> KvModification<T> modify(String bucket, String key, Class<T> type, Function<@Nullable T, T> change) {
		KvTransactionRunner.Transaction transaction = this.joined.writing(bucket);
		if (transaction != null) {
			KvEntry<T> current = transaction.get(key, type);
			T next = apply(change, (current != null) ? current.value() : null, bucket, key);
			transaction.put(key, next);
			return new KvModification<>(key, next, 0, 1);
		}
		for (int attempt = 1;; attempt++) {
			// After a conflict the leader has the newest revision; a replica might not have it yet.
			KvRawEntry latest = (attempt == 1) ? this.reads.readLatest(bucket, key)
					: this.reads.leaderRead(bucket, key);
			@Nullable T current = (latest != null && latest.operation().isPut())
					? this.conversion.toEntry(bucket, latest, type).value() : null;
			T next = apply(change, current, bucket, key);
			long expected = (latest != null) ? latest.revision() : 0;
			try {
				byte[] data = this.conversion.serialize(bucket, key, next);
				long revision = send(bucket, key, data, KvOperation.PUT, expected, null);
				return new KvModification<>(key, next, revision, attempt);
			}
			catch (KvRevisionMismatchException ex) {
				if (attempt >= this.settings.maxModifyAttempts()) {
					throw ex;
				}
				KvRetries.pause(bucket, ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));
			}
		}
	}

	private static <T> T apply(Function<@Nullable T, T> change, @Nullable T current, String bucket, String key) {
		T next = change.apply(current);
		Assert.state(next != null, () -> "The change for key '" + key + "' in bucket '" + bucket
				+ "' returned null; use delete to remove a key");
		return next;
	}

	/**
	 * One write sent now: unconditional, or conditional on the expected revision if one is given.
	 * @param ttl the {@code Nats-TTL} header, or {@code null}
	 */
	private long send(String bucket, String key, byte @Nullable [] data, KvOperation operation,
			@Nullable Long expectedRevision, @Nullable String ttl) {
		KvExceptionTranslator.Call call = (expectedRevision != null)
				? KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision)
				: KvExceptionTranslator.Call.write(bucket, key);
		return this.writes.write(bucket, key, data, operation, expectedRevision, ttl, call);
	}

}
