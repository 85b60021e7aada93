package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.util.Assert;

/**
 * Runs transactions on a bucket: the callback reads and writes through a {@link KvTransaction}, then its writes
 * are committed as one atomic batch (nats-server 2.12+): every message but the last is published, the last is
 * sent as a request with the commit header, and each carries the revision the transaction saw of its key as the
 * expected last subject sequence, so the server applies all of them or none. A conflict, or a transient failure
 * before the commit (a read that got no answer during a leader election), is retried by running the callback
 * again, with a short jittered pause, up to the attempts given.
 */
final class KvTransactionRunner {

	private static final String BATCH_ID = NatsJetStreamConstants.NATS_BATCH_ID_HDR;

	private static final String BATCH_SEQUENCE = NatsJetStreamConstants.NATS_BATCH_SEQUENCE_HDR;

	private static final String BATCH_COMMIT = NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR;

	private final JetStreamRequests requests;

	private final KvReads reads;

	private final KvConversion conversion;

	private final KvTemplateSettings settings;

	private final KvRetries retries;

	private final Function<String, @Nullable KvBucketInfo> bucketInfo;

	/** Buckets known to accept atomic batches. */
	private final Set<String> atomicBuckets = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the runner of one template.
	 * @param reads the reads a transaction sees keys with
	 * @param retries the retries a commit that nobody answers is sent again with
	 * @param bucketInfo the template's bucket lookup, which tells whether a bucket accepts atomic writes
	 */
	KvTransactionRunner(JetStreamRequests requests, KvReads reads, KvConversion conversion,
			KvTemplateSettings settings, KvRetries retries, Function<String, @Nullable KvBucketInfo> bucketInfo) {
		this.requests = requests;
		this.reads = reads;
		this.conversion = conversion;
		this.settings = settings;
		this.retries = retries;
		this.bucketInfo = bucketInfo;
	}

	<T extends @Nullable Object> T execute(String bucket, int maxAttempts, KvTransactionCallback<T> callback) {
		Assert.isTrue(maxAttempts >= 1, "'maxAttempts' must be at least 1");
		Assert.notNull(callback, "'callback' must not be null");
		KvKeys.requireValidBucketName(bucket);
		requireAtomicWrites(bucket);
		long backoff = 5;
		for (int attempt = 1;; attempt++) {
			Transaction transaction = begin(bucket);
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
	Transaction begin(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		return new Transaction(bucket);
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

		/** The entry the transaction saw of each key it read or wrote ({@code null}: none). */
		private final Map<String, @Nullable KvRawEntry> seen = new LinkedHashMap<>();

		private final Map<String, Write> writes = new LinkedHashMap<>();

		/** The keys this transaction creates: writing one again keeps it a create. */
		private final Set<String> created = new HashSet<>();

		Transaction(String bucket) {
			this.bucket = bucket;
		}

		@Override
		public String bucket() {
			return this.bucket;
		}

		@Override
		public <T> @Nullable KvEntry<T> get(String key, Class<T> type) {
			KvKeys.requireValidKey(key);
			Write write = this.writes.get(key);
			if (write != null) {
				if (write.operation() != KvOperation.PUT) {
					return null;
				}
				KvRawEntry own = new KvRawEntry(key, 0, Instant.now(), 0, KvOperation.PUT,
						Objects.requireNonNull(write.data()));
				return KvTransactionRunner.this.conversion.toEntry(this.bucket, own, type);
			}
			KvRawEntry entry = see(key);
			return (entry != null && entry.operation().isPut())
					? KvTransactionRunner.this.conversion.toEntry(this.bucket, entry, type) : null;
		}

		@Override
		public void put(String key, Object value) {
			write(key, KvOperation.PUT, value);
		}

		@Override
		public void create(String key, Object value) {
			KvKeys.requireValidKey(key);
			Write write = this.writes.get(key);
			KvRawEntry entry = see(key);
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
			see(key);
			long current = seenRevision(key);
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
			see(key);
			this.writes.put(key, new Write(operation, data));
		}

		/**
		 * The entry the transaction saw of a key, read now if it has not seen it yet.
		 */
		private @Nullable KvRawEntry see(String key) {
			if (!this.seen.containsKey(key)) {
				this.seen.put(key, KvTransactionRunner.this.reads.readLatest(this.bucket, key));
			}
			return this.seen.get(key);
		}

		private long seenRevision(String key) {
			KvRawEntry entry = this.seen.get(key);
			return (entry != null) ? entry.revision() : 0;
		}

		/**
		 * Sends the writes as one atomic batch and waits for its answer. Where nobody answers (a replicated
		 * bucket electing its leader, the batch surely not applied) the batch is sent again, under a new id, for
		 * as long as the template retries writes without a leader.
		 */
		void commit() {
			if (this.writes.isEmpty()) {
				return;
			}
			List<String> keys = new ArrayList<>(this.writes.keySet());
			List<Write> writes = new ArrayList<>(this.writes.values());
			Long last = KvTransactionRunner.this.retries.whileNoLeader(this.bucket,
					KvExceptionTranslator.Call.admin(this.bucket),
					() -> send(keys, writes));
			for (int i = 0; i < keys.size(); i++) {
				KvTransactionRunner.this.settings.recordOwnWrite(this.bucket, keys.get(i),
						Objects.requireNonNull(last) - (keys.size() - 1 - i));
			}
		}

		private long send(List<String> keys, List<Write> writes) throws KvRequestFailure {
			JetStreamRequests requests = KvTransactionRunner.this.requests;
			Connection connection = requests.connection();
			if (connection.getStatus() != Connection.Status.CONNECTED) {
				// Sent now, the batch would wait in the reconnect buffer and its answer would come too late to
				// tell: nothing is sent until the connection is back.
				throw new KvRequestFailure(KvRequestFailure.Kind.NO_RESPONDERS, KvSubjects.stream(this.bucket));
			}
			KvPermissionViolations.Mark mark = requests.mark();
			String batchId = KvHeaders.randomId();
			CompletableFuture<Message> reply = null;
			String subject = "";
			try {
				for (int i = 0; i < keys.size(); i++) {
					String key = keys.get(i);
					Write write = writes.get(i);
					Headers headers = Objects.requireNonNull(
							KvHeaders.forWrite(write.operation(), seenRevision(key), null));
					headers.put(BATCH_ID, batchId);
					headers.put(BATCH_SEQUENCE, Integer.toString(i + 1));
					subject = KvSubjects.subject(this.bucket, key);
					if (i < keys.size() - 1) {
						connection.publish(subject, headers, write.data());
					}
					else {
						headers.put(BATCH_COMMIT, "1");
						reply = requests.requestAsync(subject, headers, write.data());
					}
				}
			}
			catch (RuntimeException ex) {
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(this.bucket));
			}
			return acknowledged(Objects.requireNonNull(reply), subject, keys, mark);
		}

		/**
		 * The commit's answer, awaited and read as a single write's is; where nobody answered (no stream leader),
		 * the batch was not applied and the failure is thrown for a resend, any other missing answer leaves the
		 * outcome unknown.
		 */
		private long acknowledged(CompletableFuture<Message> reply, String subject, List<String> keys,
				KvPermissionViolations.Mark mark) throws KvRequestFailure {
			try {
				return KvWrites.acknowledge(KvTransactionRunner.this.requests.await(subject, reply, mark));
			}
			catch (KvRequestFailure ex) {
				if (ex.kind() == KvRequestFailure.Kind.NO_RESPONDERS) {
					throw ex;
				}
				throw outcomeUnknown(keys, ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw outcomeUnknown(keys, ex);
			}
			catch (JetStreamApiException ex) {
				if (ex.getApiErrorCode() == KvExceptionTranslator.WRONG_LAST_SEQUENCE
						|| ex.getApiErrorCode() == KvExceptionTranslator.SEQUENCE_TEMPORARILY_UNKNOWN) {
					// A replicated bucket cannot check a key while an earlier write of it is still being
					// replicated (10164): as for a changed key, running the transaction again decides.
					throw new KvTransactionConflictException(this.bucket, changedKeys(keys), ex);
				}
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(this.bucket));
			}
			catch (IOException ex) {
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(this.bucket));
			}
		}

		/**
		 * The keys whose revision is no longer the one the transaction saw.
		 */
		private List<String> changedKeys(List<String> keys) {
			List<String> changed = new ArrayList<>();
			for (String key : keys) {
				KvRawEntry now = KvTransactionRunner.this.reads.readLatest(this.bucket, key);
				if (((now != null) ? now.revision() : 0) != seenRevision(key)) {
					changed.add(key);
				}
			}
			return changed;
		}

		private KvTransactionOutcomeUnknownException outcomeUnknown(List<String> keys, Exception cause) {
			Map<String, Long> revisions = new LinkedHashMap<>();
			keys.forEach((key) -> revisions.put(key, seenRevision(key)));
			return new KvTransactionOutcomeUnknownException(this.bucket, keys.get(0), revisions, cause);
		}

	}

}
