package io.github.kvspring.data.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.nats.client.JetStreamApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.util.Assert;

/**
 * Runs transactions on a bucket: the callback reads and writes through a {@link KvTransaction}, then its writes
 * are committed as one atomic batch ({@link KvTransactionBatch}), each message checking the revision the
 * transaction saw of its key, so the server applies all of them or none; a serializable transaction's commit
 * checks what it only read as well ({@link KvTransactionChecks}). A conflict, or a transient failure before the
 * commit (a read that got no answer during a leader election), is retried by running the callback again, with a
 * short jittered pause, up to the attempts given.
 */
final class KvTransactionRunner {

	private final JetStreamRequests requests;

	private final KvReads reads;

	private final KvBucketScanner scanner;

	private final KvTransactionChecks checks;

	private final KvConversion conversion;

	private final KvTemplateSettings settings;

	private final KvRetries retries;

	private final Function<String, @Nullable KvBucketInfo> bucketInfo;

	/** Buckets known to accept atomic batches. */
	private final Set<String> atomicBuckets = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the runner of one template.
	 * @param reads the reads a transaction sees keys with
	 * @param scanner the scans a transaction reads key ranges with
	 * @param retries the retries a commit that nobody answers is sent again with
	 * @param bucketInfo the template's bucket lookup, which tells whether a bucket accepts atomic writes and how
	 * many replicas it has
	 */
	KvTransactionRunner(JetStreamRequests requests, KvReads reads, KvBucketScanner scanner, KvConversion conversion,
			KvTemplateSettings settings, KvRetries retries, Function<String, @Nullable KvBucketInfo> bucketInfo) {
		this.requests = requests;
		this.reads = reads;
		this.scanner = scanner;
		this.checks = new KvTransactionChecks(reads, bucketInfo);
		this.conversion = conversion;
		this.settings = settings;
		this.retries = retries;
		this.bucketInfo = bucketInfo;
	}

	<T extends @Nullable Object> T execute(String bucket, KvIsolation isolation, int maxAttempts,
			KvTransactionCallback<T> callback) {
		Assert.notNull(isolation, "'isolation' must not be null");
		Assert.isTrue(maxAttempts >= 1, "'maxAttempts' must be at least 1");
		Assert.notNull(callback, "'callback' must not be null");
		KvKeys.requireValidBucketName(bucket);
		requireAtomicWrites(bucket);
		long backoff = 5;
		for (int attempt = 1;; attempt++) {
			Transaction transaction = begin(bucket, isolation);
			try {
				T result = callback.doInTransaction(transaction);
				transaction.commit();
				return result;
			}
			catch (TransientDataAccessException ex) {
				// Nothing was written: a conflict, or a read that got no answer in time (a leader election).
				if (attempt >= maxAttempts) {
					throw ex;
				}
				KvRetries.pause(bucket, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
				backoff = Math.min(backoff * 2, 200);
			}
		}
	}

	/**
	 * A new transaction on a bucket; its first write checks that the bucket accepts atomic writes.
	 */
	Transaction begin(String bucket, KvIsolation isolation) {
		KvKeys.requireValidBucketName(bucket);
		return new Transaction(bucket, isolation);
	}

	private void requireAtomicWrites(String bucket) {
		if (this.atomicBuckets.contains(bucket)) {
			return;
		}
		KvBucketInfo info = this.bucketInfo.apply(bucket);
		if (info == null) {
			throw new KvBucketNotFoundException(bucket, null);
		}
		if (!info.definition().atomicWrites()) {
			throw new InvalidDataAccessApiUsageException("Bucket '" + bucket + "' does not accept atomic writes, "
					+ "which transactions commit with: set nats.kv.buckets." + bucket + ".atomic-writes=true (or "
					+ "KvBucketDefinition.atomicWrites(true)); nothing was written");
		}
		this.atomicBuckets.add(bucket);
	}

	/**
	 * A write the transaction will commit.
	 *
	 * @param operation put, delete or purge
	 * @param data the value of a put
	 */
	private record Write(KvOperation operation, byte @Nullable [] data) {

	}

	/**
	 * One run of a callback: what it saw and what it wrote.
	 */
	final class Transaction implements KvTransaction {

		private final String bucket;

		private final KvIsolation isolation;

		private final KvTransactionReads reads;

		private final Map<String, Write> writes = new LinkedHashMap<>();

		/** The keys this transaction creates: writing one again keeps it a create. */
		private final Set<String> created = new HashSet<>();

		Transaction(String bucket, KvIsolation isolation) {
			this.bucket = bucket;
			this.isolation = isolation;
			this.reads = new KvTransactionReads(bucket, isolation, KvTransactionRunner.this.reads,
					KvTransactionRunner.this.scanner);
		}

		@Override
		public String bucket() {
			return this.bucket;
		}

		@Override
		public KvIsolation isolation() {
			return this.isolation;
		}

		@Override
		public <T> @Nullable KvEntry<T> get(String key, Class<T> type) {
			KvKeys.requireValidKey(key);
			KvRawEntry entry = view(key);
			return (entry != null) ? KvTransactionRunner.this.conversion.toEntry(this.bucket, entry, type) : null;
		}

		/**
		 * The key's value as the transaction sees it, read now if it has not seen the key: its own write (at
		 * revision 0), else the entry it saw; {@code null} if none.
		 */
		private @Nullable KvRawEntry view(String key) {
			Write write = this.writes.get(key);
			if (write != null) {
				return (write.operation() == KvOperation.PUT) ? new KvRawEntry(key, 0, Instant.now(), 0,
						KvOperation.PUT, Objects.requireNonNull(write.data())) : null;
			}
			KvRawEntry entry = this.reads.see(key);
			return (entry != null && entry.operation().isPut()) ? entry : null;
		}

		@Override
		public List<String> keys(String filter) {
			KvKeys.requireValidFilter(filter);
			return this.reads.range(filter, true, this.writes.keySet(), this::view).stream()
				.map(KvRawEntry::key)
				.toList();
		}

		@Override
		public <T> List<KvEntry<T>> entries(String filter, Class<T> type) {
			KvKeys.requireValidFilter(filter);
			return this.reads.range(filter, false, this.writes.keySet(), this::view).stream()
				.map((entry) -> KvTransactionRunner.this.conversion.toEntry(this.bucket, entry, type))
				.toList();
		}

		/**
		 * Records a range the template read for a managed serializable transaction (see
		 * {@link KvTransactionReads#recordRange(String)}).
		 */
		void recordRange(String filter) {
			this.reads.recordRange(filter);
		}

		@Override
		public void put(String key, Object value) {
			write(key, KvOperation.PUT, value);
		}

		@Override
		public void create(String key, Object value) {
			KvKeys.requireValidKey(key);
			Write write = this.writes.get(key);
			KvRawEntry entry = this.reads.see(key);
			boolean hasValue = (write != null) ? write.operation() == KvOperation.PUT && !this.created.contains(key)
					: entry != null && entry.operation().isPut();
			if (hasValue) {
				throw new KvKeyExistsException(this.bucket, key, null);
			}
			write(key, KvOperation.PUT, value);
			this.created.add(key);
		}

		@Override
		public void update(String key, Object value, long expectedRevision) {
			KvKeys.requireValidKey(key);
			requireRevision(key, expectedRevision);
			write(key, KvOperation.PUT, value);
		}

		/**
		 * Checks an expected revision against the one the transaction saw (a key it already wrote is still at
		 * that revision until the commit).
		 */
		private void requireRevision(String key, long expectedRevision) {
			KvKeys.requireValidKey(key);
			this.reads.see(key);
			long current = this.reads.seenRevision(key);
			if (current != expectedRevision) {
				throw new KvRevisionMismatchException(this.bucket, key, expectedRevision, current, null);
			}
		}

		@Override
		public void delete(String key) {
			remove(key, KvOperation.DELETE, null);
		}

		@Override
		public void purge(String key) {
			remove(key, KvOperation.PURGE, null);
		}

		/**
		 * Writes a delete or purge marker, if the key is at the expected revision when one is given.
		 */
		void remove(String key, KvOperation marker, @Nullable Long expectedRevision) {
			if (expectedRevision != null) {
				requireRevision(key, expectedRevision);
			}
			write(key, marker, null);
			this.created.remove(key);
		}

		/**
		 * Whether the transaction has anything to commit.
		 */
		boolean hasWrites() {
			return !this.writes.isEmpty();
		}

		/**
		 * Whether the transaction read anything (a key it writes counts: it is read when written).
		 */
		boolean hasReads() {
			return this.reads.hasReads();
		}

		/**
		 * What the transaction read without writing it, for a message.
		 */
		String describeReads() {
			return this.reads.describe(this.writes.keySet());
		}

		private void write(String key, KvOperation operation, @Nullable Object value) {
			KvKeys.requireValidKey(key);
			if (this.writes.isEmpty()) {
				requireAtomicWrites(this.bucket);
			}
			if (!this.writes.containsKey(key) && this.writes.size() >= MAX_WRITES) {
				throw new InvalidDataAccessApiUsageException("Transaction on bucket '" + this.bucket
						+ "' cannot write key '" + KvMessages.cut(key) + "': a transaction writes at most " + MAX_WRITES
						+ " keys (the server's limit on an atomic batch); nothing was written");
			}
			byte[] data = (value != null) ? KvTransactionRunner.this.conversion.serialize(this.bucket, key, value)
					: null;
			this.reads.see(key);
			this.writes.put(key, new Write(operation, data));
		}

		/**
		 * Sends the writes as one atomic batch and waits for its answer; a serializable transaction that writes
		 * nothing reads its keys and ranges again instead. Where nobody answers (a replicated bucket electing its
		 * leader, the batch surely not applied) the batch is sent again, under a new id, for as long as the
		 * template retries writes without a leader.
		 */
		void commit() {
			boolean serializable = this.isolation == KvIsolation.SERIALIZABLE;
			if (this.writes.isEmpty()) {
				if (serializable) {
					KvTransactionRunner.this.checks.validate(this.bucket, this.reads.readSet(Set.of()), List.of());
				}
				return;
			}
			List<KvTransactionBatch.Write> batch = new ArrayList<>();
			Map<String, Long> seenRevisions = new LinkedHashMap<>();
			this.writes.forEach((key, write) -> {
				long seenRevision = this.reads.seenRevision(key);
				batch.add(new KvTransactionBatch.Write(key, write.operation(), write.data(), seenRevision));
				seenRevisions.put(key, seenRevision);
			});
			List<String> keys = List.copyOf(this.writes.keySet());
			KvTransactionChecks.ReadSet readSet = serializable ? this.reads.readSet(this.writes.keySet())
					: KvTransactionChecks.ReadSet.NONE;
			KvTransactionChecks.Checks checks = KvTransactionRunner.this.checks.prepare(this.bucket, keys,
					seenRevisions, readSet);
			KvTransactionBatch sender = new KvTransactionBatch(KvTransactionRunner.this.requests, this.bucket);
			Long last = KvTransactionRunner.this.retries.whileNoLeader(this.bucket,
					KvExceptionTranslator.Call.admin(this.bucket),
					() -> sender.send(batch, checks, (refusal) -> conflict(seenRevisions, readSet, checks, refusal)));
			for (int i = 0; i < keys.size(); i++) {
				KvTransactionRunner.this.settings.recordOwnWrite(this.bucket, keys.get(i),
						Objects.requireNonNull(last) - (keys.size() - 1 - i));
			}
		}

		/**
		 * The conflict of a refused commit, naming the keys and ranges found changed.
		 */
		private KvTransactionConflictException conflict(Map<String, Long> seenRevisions,
				KvTransactionChecks.ReadSet readSet, KvTransactionChecks.Checks checks, JetStreamApiException refusal) {
			Map<String, Long> keys = new LinkedHashMap<>(seenRevisions);
			keys.putAll(readSet.keys());
			KvTransactionChecks.ReadSet changed = KvTransactionRunner.this.checks.changed(this.bucket,
					new KvTransactionChecks.ReadSet(keys, readSet.ranges()));
			return new KvTransactionConflictException(this.bucket, List.copyOf(changed.keys().keySet()),
					List.copyOf(changed.ranges().keySet()), checks.filters(), refusal);
		}

	}

}
