package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.data.observation.DefaultKvObservationConvention;
import io.github.kvspring.data.observation.KvObservationContext;
import io.github.kvspring.data.observation.KvObservationConvention;
import io.github.kvspring.data.observation.KvObservationDocumentation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;

/**
 * The default {@link KeyValueOperations}, over one jnats {@link Connection}, thread-safe.
 * <p>
 * What the server does behind a thin wrapper's back is handled here:
 * <ul>
 * <li>create is always conditional, also over a delete, purge or expiry marker;</li>
 * <li>reads see this client's own writes on replicated buckets ({@link KvReadConsistency#READ_YOUR_WRITES} by
 * default) without turning direct gets off;</li>
 * <li>writes refused because a replicated bucket has no leader yet ("no responders") are retried with jittered
 * backoff for up to {@link #setNoLeaderRetryTimeout(Duration)}; a write whose outcome is unknown (timeout) is
 * never retried;</li>
 * <li>per-key TTL is refused up front where the server would ignore it or misapply it;</li>
 * <li>purging every key writes a visible purge marker per key;</li>
 * <li>expiry markers read as {@link KvOperation#EXPIRED}, not as purges.</li>
 * </ul>
 * Only the bucket's own subjects and its stream's API are used, so a user allowed one bucket can use it.
 */
public class KeyValueTemplate implements KeyValueOperations {

	// This class checks arguments, observes each operation and delegates: KvConversion between bytes and typed
	// values; KvReads, KvWrites and KvBucketScanner on raw entries and bytes; KvBucketFacts for the TTL rules;
	// KvRetries while a bucket has no leader. KvTemplateSettings holds what the setters change at runtime.

	private final Connection connection;

	private final KvValueConverter converter;

	private final JetStreamOptions jetStreamOptions;

	private final KvConversion conversion;

	private final JetStreamRequests requests;

	private final KvTemplateSettings settings = new KvTemplateSettings();

	private final KvBucketScanner scanner;

	private final KvTransactionRunner transactions = new KvTransactionRunner(this);

	private final KvBucketFacts bucketFacts;

	private final KvReads reads;

	private final KvRetries retries;

	private final KvWrites writes;

	private volatile int maxModifyAttempts = 100;

	private volatile @Nullable JetStream jetStream;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile @Nullable KvObservationConvention observationConvention;

	/**
	 * Creates a template with the default converters ({@code byte[]}, {@code String}, JSON).
	 * @param connection the connection
	 */
	public KeyValueTemplate(Connection connection) {
		this(connection, KvValueConverters.defaults());
	}

	/**
	 * Creates a template with the given converter.
	 * @param connection the connection
	 * @param converter the value converter
	 */
	public KeyValueTemplate(Connection connection, KvValueConverter converter) {
		this(connection, converter, JetStreamOptions.defaultOptions());
	}

	/**
	 * Creates a template with the given converter and JetStream options (API prefix or domain, request
	 * timeout).
	 * @param connection the connection
	 * @param converter the value converter
	 * @param jetStreamOptions the JetStream options
	 */
	public KeyValueTemplate(Connection connection, KvValueConverter converter, JetStreamOptions jetStreamOptions) {
		Assert.notNull(connection, "'connection' must not be null");
		Assert.notNull(converter, "'converter' must not be null");
		Assert.notNull(jetStreamOptions, "'jetStreamOptions' must not be null");
		this.connection = connection;
		this.converter = converter;
		this.jetStreamOptions = jetStreamOptions;
		this.conversion = new KvConversion(converter);
		this.requests = new JetStreamRequests(connection, jetStreamOptions);
		this.scanner = new KvBucketScanner(this.requests, jetStreamOptions, this::lastMatchingRevision);
		KvRetries retries = new KvRetries(this.requests, this.settings, this.scanner);
		this.retries = retries;
		this.bucketFacts = new KvBucketFacts(this.requests);
		this.reads = new KvReads(this.requests, this.settings, retries);
		this.writes = new KvWrites(this.requests, this.settings, retries, this.bucketFacts, this.reads);
	}

	/**
	 * The connection this template uses.
	 * @return the connection
	 */
	public Connection getConnection() {
		return this.connection;
	}

	/**
	 * The JetStream options (API prefix or domain, request timeout) this template uses.
	 * @return the options
	 */
	public JetStreamOptions getJetStreamOptions() {
		return this.jetStreamOptions;
	}

	/**
	 * The value converter.
	 * @return the converter
	 */
	public KvValueConverter getConverter() {
		return this.converter;
	}

	/**
	 * Sets the read consistency of buckets that have none of their own.
	 * @param consistency the consistency; {@link KvReadConsistency#READ_YOUR_WRITES} by default
	 */
	public void setDefaultReadConsistency(KvReadConsistency consistency) {
		this.settings.setDefaultReadConsistency(consistency);
	}

	/**
	 * Sets the read consistency of one bucket.
	 * @param bucket the bucket
	 * @param consistency the consistency
	 */
	public void setReadConsistency(String bucket, KvReadConsistency consistency) {
		this.settings.setReadConsistency(KvKeys.requireValidBucketName(bucket), consistency);
	}

	/**
	 * Sets how many keys per bucket the template remembers its own latest write of, for read-your-writes; a
	 * key evicted from that memory is read directly again (see {@link KvReadConsistency#READ_YOUR_WRITES}).
	 * @param capacity the number of keys per bucket, 10,000 by default
	 */
	public void setOwnWritesCapacity(int capacity) {
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		this.settings.setOwnWritesCapacity(capacity);
	}

	/**
	 * Sets how long a call keeps retrying while a replicated bucket has no stream leader (during an election,
	 * 5–7 s after a leader is killed); zero disables the retry.
	 * @param timeout the longest retry time, 15 seconds by default
	 */
	public void setNoLeaderRetryTimeout(Duration timeout) {
		Assert.isTrue(!timeout.isNegative(), "'timeout' must not be negative");
		this.settings.setNoLeaderRetryTimeout(timeout);
	}

	/**
	 * Sets how many attempts {@link #modify} makes before giving up on a contended key.
	 * @param attempts the attempts, 100 by default
	 */
	public void setMaxModifyAttempts(int attempts) {
		Assert.isTrue(attempts > 0, "'attempts' must be positive");
		this.maxModifyAttempts = attempts;
	}

	/**
	 * Sets the registry that observes every operation (bucket and operation as low-cardinality keys, the key as
	 * a high-cardinality one); none by default.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Sets a convention that replaces the default names and tags of the observations.
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable KvObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	// ---- reads

	@Override
	public <T> @Nullable KvEntry<T> get(String bucket, String key, Class<T> type) {
		return observe("get", bucket, key, () -> {
			checkKey(bucket, key);
			KvTransactionRunner.Transaction transaction = joined(bucket, false);
			if (transaction != null) {
				return transaction.get(key, type);
			}
			KvRawEntry latest = this.reads.readLatest(bucket, key);
			return (latest != null && latest.operation().isPut()) ? this.conversion.toEntry(bucket, latest, type)
					: null;
		});
	}

	@Override
	public <T> @Nullable KvEntry<T> get(String bucket, String key, long revision, Class<T> type) {
		return observe("get", bucket, key, () -> {
			checkKey(bucket, key);
			Assert.isTrue(revision > 0, () -> "'revision' must be positive but was " + revision);
			KvRawEntry entry = this.reads.readRevision(bucket, key, revision);
			return (entry != null && entry.key().equals(key) && entry.operation().isPut())
					? this.conversion.toEntry(bucket, entry, type) : null;
		});
	}

	@Override
	public <T> Map<String, KvEntry<T>> getAll(String bucket, Collection<String> keys, Class<T> type) {
		return observe("get-all", bucket, null, () -> {
			KvKeys.requireValidBucketName(bucket);
			List<String> ordered = keys.stream().distinct().map(KvKeys::requireValidKey).toList();
			KvTransactionRunner.Transaction transaction = joined(bucket, false);
			if (transaction != null) {
				Map<String, KvEntry<T>> found = new LinkedHashMap<>();
				for (String key : ordered) {
					KvEntry<T> entry = transaction.get(key, type);
					if (entry != null) {
						found.put(key, entry);
					}
				}
				return found;
			}
			return this.reads.getAll(bucket, ordered, (entry) -> this.conversion.toEntry(bucket, entry, type));
		});
	}

	/**
	 * The scanner's bound, the newest matching revision read from the stream leader; a method here because the
	 * scanner is built before the reads that answer it.
	 */
	private long lastMatchingRevision(String bucket, List<String> filters) {
		return this.reads.lastMatchingRevision(bucket, filters);
	}

	// ---- writes

	@Override
	public long put(String bucket, String key, Object value) {
		return observe("put", bucket, key, () -> {
			checkKey(bucket, key);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.put(key, value);
				return 0L;
			}
			byte[] data = this.conversion.serialize(bucket, key, value);
			return this.writes.write(bucket, key, data, KvOperation.PUT, null, null,
					KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long put(String bucket, String key, Object value, Duration ttl) {
		return observe("put", bucket, key, () -> {
			checkKey(bucket, key);
			refuseInTransaction(bucket, "A write with a TTL");
			String ttlHeader = this.bucketFacts.ttlHeader(bucket, key, ttl);
			byte[] data = this.conversion.serialize(bucket, key, value);
			return this.writes.write(bucket, key, data, KvOperation.PUT, null, ttlHeader,
					KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long create(String bucket, String key, Object value) {
		return observe("create", bucket, key, () -> {
			checkKey(bucket, key);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.create(key, value);
				return 0L;
			}
			return this.writes.create(bucket, key, this.conversion.serialize(bucket, key, value), null);
		});
	}

	@Override
	public long create(String bucket, String key, Object value, Duration ttl) {
		return observe("create", bucket, key, () -> {
			checkKey(bucket, key);
			refuseInTransaction(bucket, "A write with a TTL");
			String ttlHeader = this.bucketFacts.ttlHeader(bucket, key, ttl);
			return this.writes.create(bucket, key, this.conversion.serialize(bucket, key, value), ttlHeader);
		});
	}

	@Override
	public long update(String bucket, String key, Object value, long expectedRevision) {
		return observe("update", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.update(key, value, expectedRevision);
				return expectedRevision;
			}
			byte[] data = this.conversion.serialize(bucket, key, value);
			return this.writes.write(bucket, key, data, KvOperation.PUT, expectedRevision, null,
					KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision));
		});
	}

	@Override
	public <T> KvModification<T> modify(String bucket, String key, Class<T> type, Function<@Nullable T, T> change) {
		return observe("modify", bucket, key, () -> {
			checkKey(bucket, key);
			Assert.notNull(change, "'change' must not be null");
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				KvEntry<T> current = transaction.get(key, type);
				T next = change.apply((current != null) ? current.value() : null);
				Assert.state(next != null, () -> "The change for key '" + key + "' in bucket '" + bucket
						+ "' returned null; use delete to remove a key");
				transaction.put(key, next);
				return new KvModification<>(key, next, 0, 1);
			}
			for (int attempt = 1;; attempt++) {
				// After a conflict the leader has the newest revision; a replica might not have it yet.
				KvRawEntry latest = (attempt == 1) ? this.reads.readLatest(bucket, key)
						: this.reads.leaderRead(bucket, key);
				@Nullable T current = (latest != null && latest.operation().isPut())
						? this.conversion.toEntry(bucket, latest, type).value() : null;
				T next = change.apply(current);
				Assert.state(next != null, () -> "The change for key '" + key + "' in bucket '" + bucket
						+ "' returned null; use delete to remove a key");
				long expected = (latest != null) ? latest.revision() : 0;
				try {
					byte[] data = this.conversion.serialize(bucket, key, next);
					long revision = this.writes.write(bucket, key, data, KvOperation.PUT, expected, null,
							KvExceptionTranslator.Call.conditional(bucket, key, expected));
					return new KvModification<>(key, next, revision, attempt);
				}
				catch (KvRevisionMismatchException ex) {
					if (attempt >= this.maxModifyAttempts) {
						throw ex;
					}
					KvRetries.pause(bucket, ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));
				}
			}
		});
	}

	@Override
	public <T extends @Nullable Object> T executeInTransaction(String bucket, KvTransactionCallback<T> callback) {
		return executeInTransaction(bucket, 1, callback);
	}

	@Override
	public <T extends @Nullable Object> T executeInTransaction(String bucket, int maxAttempts,
			KvTransactionCallback<T> callback) {
		return observe("transaction", bucket, null, () -> this.transactions.execute(bucket, maxAttempts, callback));
	}

	@Override
	public long delete(String bucket, String key) {
		return observe("delete", bucket, key, () -> {
			checkKey(bucket, key);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.delete(key);
				return 0L;
			}
			return this.writes.write(bucket, key, null, KvOperation.DELETE, null, null,
					KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long delete(String bucket, String key, long expectedRevision) {
		return observe("delete", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.delete(key, expectedRevision);
				return 0L;
			}
			return this.writes.write(bucket, key, null, KvOperation.DELETE, expectedRevision, null,
					KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision));
		});
	}

	@Override
	public long purge(String bucket, String key) {
		return observe("purge", bucket, key, () -> {
			checkKey(bucket, key);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.purge(key);
				return 0L;
			}
			return this.writes.write(bucket, key, null, KvOperation.PURGE, null, null,
					KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long purge(String bucket, String key, long expectedRevision) {
		return observe("purge", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				transaction.purge(key, expectedRevision);
				return 0L;
			}
			return this.writes.write(bucket, key, null, KvOperation.PURGE, expectedRevision, null,
					KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision));
		});
	}

	@Override
	public long purgeAll(String bucket, String... filters) {
		return observe("purge-all", bucket, null, () -> {
			List<String> checked = checkFilters(bucket, filters);
			refuseInTransaction(bucket, "purgeAll");
			List<String> keys;
			try (Stream<KvRawEntry> entries = scan(bucket, checked, true, true)) {
				keys = entries.filter((entry) -> entry.operation() == KvOperation.PUT
						|| entry.operation() == KvOperation.DELETE).map(KvRawEntry::key).toList();
			}
			this.writes.purgeEach(bucket, keys);
			return keys.size();
		});
	}

	@Override
	public List<KvWriteResult> writeAll(String bucket, List<KvWrite> writes) {
		return observe("write-all", bucket, null, () -> {
			KvKeys.requireValidBucketName(bucket);
			KvTransactionRunner.Transaction transaction = joined(bucket, true);
			if (transaction != null) {
				return writeAll(transaction, writes);
			}
			List<KvWrites.PendingWrite> pending = new ArrayList<>(writes.size());
			for (KvWrite write : writes) {
				KvKeys.requireValidKey(write.key());
				String ttl = (write.ttl() != null) ? this.bucketFacts.ttlHeader(bucket, write.key(), write.ttl())
						: null;
				byte[] data = (write.kind() != KvWrite.Kind.DELETE)
						? this.conversion.serialize(bucket, write.key(), write.value()) : null;
				if (write.kind() == KvWrite.Kind.UPDATE) {
					checkRevision(write.expectedRevision());
				}
				pending.add(KvWrites.PendingWrite.of(bucket, write, data, ttl));
			}
			return this.writes.pipeline(bucket, pending);
		});
	}

	@Override
	public void purgeAllSilently(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		refuseInTransaction(bucket, "purgeAllSilently");
		try {
			this.requests.management().purgeStream(KvSubjects.stream(bucket));
			this.settings.ownWrites().forget(bucket);
		}
		catch (IOException | JetStreamApiException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	// ---- scans

	@Override
	public List<String> keys(String bucket, String... filters) {
		return keys(bucket, KvKeyScope.LIVE, filters);
	}

	@Override
	public List<String> keys(String bucket, KvKeyScope scope, String... filters) {
		return observe("keys", bucket, null, () -> {
			try (Stream<String> keys = streamKeys(bucket, scope, filters)) {
				return keys.toList();
			}
		});
	}

	@Override
	public Stream<String> streamKeys(String bucket, KvKeyScope scope, String... filters) {
		Stream<KvRawEntry> entries = scan(bucket, checkFilters(bucket, filters), true, true);
		return entries.filter((entry) -> scope == KvKeyScope.ANY_ENTRY || entry.operation().isPut())
			.map(KvRawEntry::key);
	}

	@Override
	public <T> Stream<KvEntry<T>> streamEntries(String bucket, Class<T> type, String... filters) {
		Stream<KvRawEntry> entries = scan(bucket, checkFilters(bucket, filters), true, false);
		return entries.filter((entry) -> entry.operation().isPut())
			.map((entry) -> this.conversion.toEntry(bucket, entry, type));
	}

	@Override
	public <T> List<KvEntry<T>> history(String bucket, String key, Class<T> type) {
		return observe("history", bucket, key, () -> {
			checkKey(bucket, key);
			try (Stream<KvRawEntry> entries = scan(bucket, List.of(key), false, false)) {
				return entries.map((entry) -> this.conversion.toEntry(bucket, entry, type)).toList();
			}
		});
	}

	/**
	 * One scan; see {@link KvScanSnapshot} for what it returns. Bounded by revisions read from the stream leader,
	 * it includes every write acknowledged before it began, whatever replica its consumer is placed on.
	 */
	private Stream<KvRawEntry> scan(String bucket, List<String> filters, boolean lastPerKey, boolean headersOnly) {
		return this.scanner.scan(bucket, new KvBucketScanner.Scan(filters, lastPerKey, headersOnly));
	}

	// ---- watches

	@Override
	public <T> KvSubscription watch(String bucket, List<String> filters, Class<T> type, KvWatchOptions options,
			KvWatchListener<T> listener) {
		Assert.notEmpty(filters, "'filters' must not be empty");
		List<String> checked = checkFilters(bucket, filters.toArray(String[]::new));
		KvPermissionViolations.Mark mark = this.requests.mark();
		KvWatch<T> watch = new KvWatch<>(this.connection, this.jetStreamOptions, bucket, options,
				(raw) -> this.conversion.toEntry(bucket, raw, type, !options.metaOnly()), listener,
				(watched, timeout) -> this.reads.lastMatchingRevision(bucket, watched, timeout));
		try {
			watch.start(jetStream(), checked);
			return watch;
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, null), mark);
		}
	}

	@Override
	public @Nullable KvBucketInfo bucketInfo(String bucket) {
		return new KvBucketAdmin(this.connection, this.jetStreamOptions).info(bucket);
	}

	@Override
	public KvWatchCursor openWatchCursor(String bucket, List<String> filters, KvWatchOptions options) {
		Assert.notEmpty(filters, "'filters' must not be empty");
		List<String> checked = checkFilters(bucket, filters.toArray(String[]::new));
		KvPermissionViolations.Mark mark = this.requests.mark();
		try {
			return KvPullWatch.open(this.requests, this.requests.management(), bucket, checked, options,
					(raw) -> this.conversion.toEntry(bucket, raw, byte[].class, !options.metaOnly()));
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, null), mark);
		}
	}

	@Override
	public <T> KvSubscription watch(String bucket, String filter, Class<T> type, KvWatchListener<T> listener) {
		return watch(bucket, List.of(filter), type, KvWatchOptions.defaults(), listener);
	}

	@Override
	public <T> KvSubscription watchAll(String bucket, Class<T> type, KvWatchOptions options,
			KvWatchListener<T> listener) {
		return watch(bucket, List.of(">"), type, options, listener);
	}

	@Override
	public <T> BoundKeyValueOperations<T> bucket(String bucket, Class<T> type) {
		return new DefaultBoundKeyValueOperations<>(this, bucket, type);
	}

	// ---- support

	/**
	 * Runs an operation inside an observation (a no-op without an observation registry).
	 */
	private <R> R observe(String operation, String bucket, @Nullable String key, Supplier<R> action) {
		ObservationRegistry registry = this.observationRegistry;
		if (registry.isNoop()) {
			return action.get();
		}
		KvObservationContext context = new KvObservationContext(operation, bucket, key);
		return KvObservationDocumentation.OPERATION
			.observation(this.observationConvention, DefaultKvObservationConvention.INSTANCE, () -> context, registry)
			.observe(action);
	}

	private JetStream jetStream() throws IOException {
		JetStream current = this.jetStream;
		if (current == null) {
			current = this.connection.jetStream(this.jetStreamOptions);
			this.jetStream = current;
		}
		return current;
	}

	private static void checkKey(String bucket, String key) {
		KvKeys.requireValidBucketName(bucket);
		KvKeys.requireValidKey(key);
	}

	private static void checkRevision(long expectedRevision) {
		Assert.isTrue(expectedRevision >= 0, () -> "'expectedRevision' must not be negative but was " + expectedRevision);
	}

	private static List<String> checkFilters(String bucket, String... filters) {
		KvKeys.requireValidBucketName(bucket);
		if (filters.length == 0) {
			return List.of(">");
		}
		Arrays.stream(filters).forEach(KvKeys::requireValidFilter);
		return List.of(filters);
	}

	// ---- transactions

	/**
	 * The transaction on the bucket this thread's managed transaction holds, if there is one.
	 */
	private KvTransactionRunner.@Nullable Transaction joined(String bucket, boolean writing) {
		KvTransactionManager.Holder holder = KvTransactionManager.current(this);
		if (holder == null) {
			return null;
		}
		return writing ? holder.writing(bucket) : holder.on(bucket);
	}

	private void refuseInTransaction(String bucket, String operation) {
		if (KvTransactionManager.current(this) != null) {
			throw new InvalidDataAccessApiUsageException(operation + " on bucket '" + bucket + "' cannot be part of "
					+ "a transaction; run it outside the transaction");
		}
	}

	/**
	 * A batch of writes joining a transaction: each kept for its commit, an update at the revision it expects.
	 */
	private List<KvWriteResult> writeAll(KvTransactionRunner.Transaction transaction, List<KvWrite> writes) {
		List<KvWriteResult> results = new ArrayList<>(writes.size());
		for (KvWrite write : writes) {
			if (write.ttl() != null) {
				refuseInTransaction(transaction.bucket(), "A write with a TTL");
			}
			try {
				long revision = 0;
				switch (write.kind()) {
					case PUT -> transaction.put(write.key(), write.value());
					case CREATE -> transaction.create(write.key(), write.value());
					case UPDATE -> {
						checkRevision(write.expectedRevision());
						transaction.update(write.key(), write.value(), write.expectedRevision());
						revision = write.expectedRevision();
					}
					case DELETE -> {
						if (write.expectedRevision() > 0) {
							transaction.delete(write.key(), write.expectedRevision());
						}
						else {
							transaction.delete(write.key());
						}
					}
				}
				results.add(new KvWriteResult(write.key(), revision, null));
			}
			catch (KvRevisionMismatchException | KvKeyExistsException ex) {
				results.add(new KvWriteResult(write.key(), 0, ex));
			}
		}
		return results;
	}

	/**
	 * A new transaction on a bucket, for the transaction manager.
	 */
	KvTransactionRunner.Transaction beginTransaction(String bucket) {
		return this.transactions.begin(bucket);
	}

	// ---- for the transaction runner

	/**
	 * What a failed request's failure means.
	 */
	KvRequestFailure classify(String subject, CompletableFuture<Message> reply, Throwable failure) {
		return this.requests.classify(subject, reply, failure);
	}

	/**
	 * Runs a request again while nobody answers (a replicated bucket electing its leader).
	 */
	<R> @Nullable R whileNoLeader(String bucket, KvExceptionTranslator.Call call, KvRetries.Request<R> request) {
		return this.retries.whileNoLeader(bucket, call, request);
	}

	/**
	 * How long a request waits for its answer.
	 */
	Duration requestTimeout() {
		return this.requests.timeout();
	}

	/**
	 * The latest entry of a key, markers included, read as the bucket's read consistency says.
	 */
	@Nullable KvRawEntry latestEntry(String bucket, String key) {
		return this.reads.readLatest(bucket, key);
	}

	/**
	 * A raw entry converted to the type.
	 */
	<T> KvEntry<T> entry(String bucket, KvRawEntry raw, Class<T> type) {
		return this.conversion.toEntry(bucket, raw, type);
	}

	/**
	 * A value as the bytes stored.
	 */
	byte[] serialize(String bucket, String key, Object value) {
		return this.conversion.serialize(bucket, key, value);
	}

	/**
	 * Records a write of this client's, so that reads see it.
	 */
	void recordOwnWrite(String bucket, String key, long revision) {
		this.settings.recordOwnWrite(bucket, key, revision);
	}

}
