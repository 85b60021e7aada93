package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
import io.nats.client.JetStreamOptions;
import org.jspecify.annotations.Nullable;

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

	// This class checks arguments, observes each operation and delegates: KvValueReads and KvValueWrites on one
	// key's typed values, in this thread's managed transaction (KvTransactionJoin) or not; KvConversion between
	// bytes and typed values; KvReads, KvWrites and KvBucketScanner on raw entries and bytes; KvBucketFacts for
	// the TTL rules; KvRetries while a bucket has no leader; KvWatches to start watches; KvTransactionRunner for
	// transactions. KvTemplateSettings holds what the setters change at runtime.

	private final Connection connection;

	private final KvValueConverter converter;

	private final JetStreamOptions jetStreamOptions;

	private final KvConversion conversion;

	private final KvTemplateSettings settings = new KvTemplateSettings();

	private final KvBucketScanner scanner;

	private final KvReads reads;

	private final KvWrites writes;

	private final KvValueReads valueReads;

	private final KvValueWrites valueWrites;

	private final KvWatches watches;

	private final KvTransactionRunner transactions;

	private final KvTransactionJoin joined = new KvTransactionJoin(this);

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
		JetStreamRequests requests = new JetStreamRequests(connection, jetStreamOptions);
		KvBucketFacts bucketFacts = new KvBucketFacts(requests);
		this.scanner = new KvBucketScanner(requests, jetStreamOptions, new KvBucketScanner.StreamReads() {

			@Override
			public long newestRevision(String bucket, List<String> filters) {
				return KeyValueTemplate.this.reads.lastMatchingRevision(bucket, filters);
			}

			@Override
			public @Nullable KvRawEntry entryAsOf(String bucket, String key, long revision) {
				return KeyValueTemplate.this.reads.entryAsOf(bucket, key, revision);
			}

		}, bucketFacts::acceptsAtomicWrites);
		KvRetries retries = new KvRetries(requests, this.settings, this.scanner);
		this.reads = new KvReads(requests, this.settings, retries);
		this.writes = new KvWrites(requests, this.settings, retries, bucketFacts, this.reads);
		this.valueReads = new KvValueReads(this.joined, this.conversion, this.reads);
		this.valueWrites = new KvValueWrites(this.joined, this.conversion, this.reads, this.writes, bucketFacts,
				this.settings);
		this.watches = new KvWatches(requests, jetStreamOptions, this.conversion, this.reads);
		this.transactions = new KvTransactionRunner(requests, this.reads, this.scanner, this.conversion, this.settings,
				retries, this::bucketInfo);
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
		this.settings.setMaxModifyAttempts(attempts);
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
			return this.valueReads.get(bucket, key, type);
		});
	}

	@Override
	public <T> @Nullable KvEntry<T> get(String bucket, String key, long revision, Class<T> type) {
		return observe("get", bucket, key, () -> {
			checkKey(bucket, key);
			Assert.isTrue(revision > 0, () -> "'revision' must be positive but was " + revision);
			return this.valueReads.get(bucket, key, revision, type);
		});
	}

	@Override
	public <T> Map<String, KvEntry<T>> getAll(String bucket, Collection<String> keys, Class<T> type) {
		return observe("get-all", bucket, null, () -> {
			KvKeys.requireValidBucketName(bucket);
			List<String> ordered = keys.stream().distinct().map(KvKeys::requireValidKey).toList();
			return this.valueReads.getAll(bucket, ordered, type);
		});
	}

	// ---- writes

	@Override
	public long put(String bucket, String key, Object value) {
		return observe("put", bucket, key, () -> {
			checkKey(bucket, key);
			return this.valueWrites.put(bucket, key, value);
		});
	}

	@Override
	public long put(String bucket, String key, Object value, Duration ttl) {
		return observe("put", bucket, key, () -> {
			checkKey(bucket, key);
			return this.valueWrites.put(bucket, key, value, ttl);
		});
	}

	@Override
	public long create(String bucket, String key, Object value) {
		return observe("create", bucket, key, () -> {
			checkKey(bucket, key);
			return this.valueWrites.create(bucket, key, value);
		});
	}

	@Override
	public long create(String bucket, String key, Object value, Duration ttl) {
		return observe("create", bucket, key, () -> {
			checkKey(bucket, key);
			return this.valueWrites.create(bucket, key, value, ttl);
		});
	}

	@Override
	public long update(String bucket, String key, Object value, long expectedRevision) {
		return observe("update", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			return this.valueWrites.update(bucket, key, value, expectedRevision);
		});
	}

	@Override
	public <T> KvModification<T> modify(String bucket, String key, Class<T> type, Function<@Nullable T, T> change) {
		return observe("modify", bucket, key, () -> {
			checkKey(bucket, key);
			Assert.notNull(change, "'change' must not be null");
			return this.valueWrites.modify(bucket, key, type, change);
		});
	}

	@Override
	public <T extends @Nullable Object> T executeInTransaction(String bucket, KvTransactionCallback<T> callback) {
		return executeInTransaction(bucket, 1, callback);
	}

	@Override
	public <T extends @Nullable Object> T executeInTransaction(String bucket, int maxAttempts,
			KvTransactionCallback<T> callback) {
		return executeInTransaction(bucket, KvIsolation.WRITES_CHECKED, maxAttempts, callback);
	}

	@Override
	public <T extends @Nullable Object> T executeInTransaction(String bucket, KvIsolation isolation, int maxAttempts,
			KvTransactionCallback<T> callback) {
		return observe("transaction", bucket, null,
				() -> this.transactions.execute(bucket, isolation, maxAttempts, callback));
	}

	@Override
	public long delete(String bucket, String key) {
		return observe("delete", bucket, key, () -> {
			checkKey(bucket, key);
			return this.valueWrites.remove(bucket, key, KvOperation.DELETE, null);
		});
	}

	@Override
	public long delete(String bucket, String key, long expectedRevision) {
		return observe("delete", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			return this.valueWrites.remove(bucket, key, KvOperation.DELETE, expectedRevision);
		});
	}

	@Override
	public long purge(String bucket, String key) {
		return observe("purge", bucket, key, () -> {
			checkKey(bucket, key);
			return this.valueWrites.remove(bucket, key, KvOperation.PURGE, null);
		});
	}

	@Override
	public long purge(String bucket, String key, long expectedRevision) {
		return observe("purge", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			return this.valueWrites.remove(bucket, key, KvOperation.PURGE, expectedRevision);
		});
	}

	@Override
	public long purgeAll(String bucket, String... filters) {
		return observe("purge-all", bucket, null, () -> {
			List<String> checked = checkFilters(bucket, filters);
			this.joined.refuse(bucket, "purgeAll");
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
			return this.valueWrites.writeAll(bucket, writes);
		});
	}

	@Override
	public void purgeAllSilently(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		this.joined.refuse(bucket, "purgeAllSilently");
		this.writes.purgeStream(bucket);
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
		Stream<KvRawEntry> entries = scan(bucket, this.joined.scanning(bucket, checkFilters(bucket, filters)), true,
				true);
		return entries.filter((entry) -> scope == KvKeyScope.ANY_ENTRY || entry.operation().isPut())
			.map(KvRawEntry::key);
	}

	@Override
	public <T> Stream<KvEntry<T>> streamEntries(String bucket, Class<T> type, String... filters) {
		Stream<KvRawEntry> entries = scan(bucket, this.joined.scanning(bucket, checkFilters(bucket, filters)), true,
				false);
		return entries.filter((entry) -> entry.operation().isPut())
			.map((entry) -> this.conversion.toEntry(bucket, entry, type));
	}

	@Override
	public <T> List<KvEntry<T>> history(String bucket, String key, Class<T> type) {
		return observe("history", bucket, key, () -> {
			checkKey(bucket, key);
			try (Stream<KvRawEntry> entries = scan(bucket, this.joined.scanning(bucket, List.of(key)), false, false)) {
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
		return this.watches.watch(bucket, checkFilters(bucket, filters.toArray(String[]::new)), type, options,
				listener);
	}

	@Override
	public @Nullable KvBucketInfo bucketInfo(String bucket) {
		return new KvBucketAdmin(this.connection, this.jetStreamOptions).info(bucket);
	}

	@Override
	public KvWatchCursor openWatchCursor(String bucket, List<String> filters, KvWatchOptions options) {
		Assert.notEmpty(filters, "'filters' must not be empty");
		return this.watches.openCursor(bucket, checkFilters(bucket, filters.toArray(String[]::new)), options);
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

	private static void checkKey(String bucket, String key) {
		KvKeys.requireValidBucketName(bucket);
		KvKeys.requireValidKey(key);
	}

	/**
	 * Checks an expected revision, also for each update of a batch (see {@link KvValueWrites#writeAll}).
	 */
	static void checkRevision(long expectedRevision) {
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
	 * A new transaction on a bucket, for the transaction manager.
	 */
	KvTransactionRunner.Transaction beginTransaction(String bucket, KvIsolation isolation) {
		return this.transactions.begin(bucket, isolation);
	}

}
