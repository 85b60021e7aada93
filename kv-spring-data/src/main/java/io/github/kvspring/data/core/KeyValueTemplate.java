package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.github.kvspring.data.convert.KvValueConversionException;
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
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.api.MessageGetRequest;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
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

	private static final int PIPELINE_WINDOW = 1000;

	/**
	 * Which types are {@code @KvEntity} types, looked up by the annotation's name (this package does not depend
	 * on the mapping).
	 */
	private static final ClassValue<Boolean> ENTITY_TYPES = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return MergedAnnotations.from(type, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
				.isPresent("io.github.kvspring.data.mapping.KvEntity");
		}

	};

	private static final Duration MINIMUM_TTL = Duration.ofSeconds(1);

	private final Connection connection;

	private final KvValueConverter converter;

	private final JetStreamOptions jetStreamOptions;

	private final JetStreamRequests requests;

	private final KvBucketScanner scanner;

	private final KvTransactionRunner transactions = new KvTransactionRunner(this);

	private final Map<String, KvReadConsistency> readConsistencies = new ConcurrentHashMap<>();

	private final Map<String, BucketFacts> bucketFacts = new ConcurrentHashMap<>();

	private volatile KvOwnWrites ownWrites = new KvOwnWrites(10_000);

	private volatile KvReadConsistency defaultReadConsistency = KvReadConsistency.READ_YOUR_WRITES;

	private volatile Duration noLeaderRetryTimeout = Duration.ofSeconds(15);

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
		this.requests = new JetStreamRequests(connection, jetStreamOptions);
		this.scanner = new KvBucketScanner(this.requests, jetStreamOptions, this::lastMatchingRevision);
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
		this.defaultReadConsistency = consistency;
	}

	/**
	 * Sets the read consistency of one bucket.
	 * @param bucket the bucket
	 * @param consistency the consistency
	 */
	public void setReadConsistency(String bucket, KvReadConsistency consistency) {
		this.readConsistencies.put(KvKeys.requireValidBucketName(bucket), consistency);
	}

	/**
	 * Sets how many keys per bucket the template remembers its own latest write of, for read-your-writes; a
	 * key evicted from that memory is read directly again (see {@link KvReadConsistency#READ_YOUR_WRITES}).
	 * @param capacity the number of keys per bucket, 10,000 by default
	 */
	public void setOwnWritesCapacity(int capacity) {
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		this.ownWrites = new KvOwnWrites(capacity);
	}

	/**
	 * Sets how long a call keeps retrying while a replicated bucket has no stream leader (during an election,
	 * 5–7 s after a leader is killed); zero disables the retry.
	 * @param timeout the longest retry time, 15 seconds by default
	 */
	public void setNoLeaderRetryTimeout(Duration timeout) {
		Assert.isTrue(!timeout.isNegative(), "'timeout' must not be negative");
		this.noLeaderRetryTimeout = timeout;
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
			KvRawEntry latest = readLatest(bucket, key);
			return (latest != null && latest.operation().isPut()) ? toEntry(bucket, latest, type) : null;
		});
	}

	@Override
	public <T> @Nullable KvEntry<T> get(String bucket, String key, long revision, Class<T> type) {
		return observe("get", bucket, key, () -> {
			checkKey(bucket, key);
			Assert.isTrue(revision > 0, () -> "'revision' must be positive but was " + revision);
			KvRawEntry entry = readRevision(bucket, key, revision);
			return (entry != null && entry.key().equals(key) && entry.operation().isPut()) ? toEntry(bucket, entry, type)
					: null;
		});
	}

	/**
	 * One revision, read directly unless that may miss it: with read-your-writes, a direct get that finds nothing
	 * is asked of the stream leader again when this client itself wrote that key at that revision or later (a
	 * replica may not have applied the write yet).
	 */
	private @Nullable KvRawEntry readRevision(String bucket, String key, long revision) {
		KvReadConsistency consistency = readConsistency(bucket);
		if (consistency == KvReadConsistency.LEADER) {
			return leaderRead(bucket, key, MessageGetRequest.forSequence(revision));
		}
		KvRawEntry direct = retryingWithoutLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			Message reply = this.requests.request(this.requests.api("DIRECT.GET." + KvSubjects.stream(bucket)), null,
					MessageGetRequest.forSequence(revision).serialize());
			return directEntry(bucket, reply);
		});
		if (direct == null && consistency == KvReadConsistency.READ_YOUR_WRITES) {
			Long own = this.ownWrites.lastRevision(bucket, key);
			if (own != null && own >= revision) {
				return leaderRead(bucket, key, MessageGetRequest.forSequence(revision));
			}
		}
		return direct;
	}

	private String directGetSubject(String bucket, String key) {
		return this.requests.api("DIRECT.GET." + KvSubjects.stream(bucket) + "." + KvSubjects.subject(bucket, key));
	}

	private @Nullable KvRawEntry readLatest(String bucket, String key) {
		KvReadConsistency consistency = readConsistency(bucket);
		if (consistency == KvReadConsistency.LEADER) {
			return leaderRead(bucket, key);
		}
		KvRawEntry direct = retryingWithoutLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			Message reply = this.requests.request(directGetSubject(bucket, key), null, null);
			return directEntry(bucket, reply);
		});
		if (consistency == KvReadConsistency.READ_YOUR_WRITES) {
			Long own = this.ownWrites.lastRevision(bucket, key);
			if (own != null && (direct == null || direct.revision() < own)) {
				return leaderRead(bucket, key);
			}
		}
		return direct;
	}

	private @Nullable KvRawEntry directEntry(String bucket, Message reply) throws JetStreamApiException {
		if (reply.isStatusMessage()) {
			if (reply.getStatus().getCode() == 404) {
				return null;
			}
			throw new JetStreamApiException(io.nats.client.api.Error.convert(reply.getStatus()));
		}
		return KvRawEntry.of(bucket, new MessageInfo(reply, KvSubjects.stream(bucket), true));
	}

	/**
	 * A read from the stream leader: a plain {@code STREAM.MSG.GET} request, since jnats' own get switches to a
	 * direct get whenever the stream allows direct gets.
	 */
	private @Nullable KvRawEntry leaderRead(String bucket, String key) {
		return leaderRead(bucket, key, MessageGetRequest.lastForSubject(KvSubjects.subject(bucket, key)));
	}

	private @Nullable KvRawEntry leaderRead(String bucket, String key, MessageGetRequest request) {
		return retryingWithoutLeader(bucket, KvExceptionTranslator.Call.read(bucket, key), () -> {
			return leaderEntry(bucket, this.requests.request(
					this.requests.api("STREAM.MSG.GET." + KvSubjects.stream(bucket)), null, request.serialize()));
		});
	}

	/**
	 * The entry in a leader's {@code STREAM.MSG.GET} answer, or {@code null} if no message matched.
	 */
	private static @Nullable KvRawEntry leaderEntry(String bucket, Message reply) throws JetStreamApiException {
		MessageInfo info = new MessageInfo(reply, KvSubjects.stream(bucket), false);
		if (info.hasError()) {
			if (info.getApiErrorCode() == KvExceptionTranslator.NO_MESSAGE_FOUND) {
				return null;
			}
			throw new JetStreamApiException(info.getErrorObject());
		}
		return KvRawEntry.of(bucket, info);
	}

	/**
	 * The newest revision among the keys matching the filters, from the stream leader (a direct get may come from
	 * a lagging replica), or 0 if none matches; retried while the stream has no leader, as every read is.
	 */
	private long lastMatchingRevision(String bucket, List<String> filters) {
		long last = 0;
		for (String filter : filters) {
			KvRawEntry entry = leaderRead(bucket, filter);
			if (entry != null) {
				last = Math.max(last, entry.revision());
			}
		}
		return last;
	}

	/**
	 * As {@link #lastMatchingRevision(String, List)}, but never past the timeout, the retries included: an index
	 * query waits no longer than its catch-up timeout.
	 */
	private long lastMatchingRevision(String bucket, List<String> filters, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long last = 0;
		for (String filter : filters) {
			last = Math.max(last, leaderRevision(bucket, filter, deadline));
		}
		return last;
	}

	private long leaderRevision(String bucket, String filter, long deadline) {
		KvExceptionTranslator.Call call = KvExceptionTranslator.Call.read(bucket, null);
		String subject = this.requests.api("STREAM.MSG.GET." + KvSubjects.stream(bucket));
		byte[] body = MessageGetRequest.lastForSubject(KvSubjects.subject(bucket, filter)).serialize();
		long backoffMillis = 20;
		while (true) {
			long remaining = deadline - System.nanoTime();
			if (remaining <= 0) {
				throw KvExceptionTranslator.translate(new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject), call);
			}
			CompletableFuture<Message> reply = this.connection.requestWithTimeout(subject, null, body,
					Duration.ofNanos(remaining));
			try {
				KvRawEntry entry = leaderEntry(bucket, reply.get(remaining, TimeUnit.NANOSECONDS));
				return (entry != null) ? entry.revision() : 0;
			}
			catch (JetStreamApiException | InterruptedException ex) {
				// The translation of an interrupt sets the thread's flag again.
				throw KvExceptionTranslator.translate(ex, call);
			}
			catch (TimeoutException ex) {
				throw KvExceptionTranslator.translate(new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject), call);
			}
			catch (ExecutionException | CancellationException ex) {
				KvRequestFailure failure = this.requests.classify(subject, reply, ex);
				if (failure.kind() != KvRequestFailure.Kind.NO_RESPONDERS) {
					throw KvExceptionTranslator.translate(failure, call);
				}
				pause(bucket, Math.min(backoffMillis, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
				backoffMillis = Math.min(backoffMillis * 2, 200);
			}
		}
	}

	// ---- writes

	@Override
	public long put(String bucket, String key, Object value) {
		return observe("put", bucket, key, () -> {
			checkKey(bucket, key);
			return write(bucket, key, serialize(bucket, key, value), KvOperation.PUT, null, null,
					KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long put(String bucket, String key, Object value, Duration ttl) {
		return observe("put", bucket, key, () -> {
			checkKey(bucket, key);
			String ttlHeader = ttlHeader(bucket, key, ttl);
			return write(bucket, key, serialize(bucket, key, value), KvOperation.PUT, null, ttlHeader,
					KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long create(String bucket, String key, Object value) {
		return observe("create", bucket, key, () -> {
			checkKey(bucket, key);
			return createBytes(bucket, key, serialize(bucket, key, value), null);
		});
	}

	@Override
	public long create(String bucket, String key, Object value, Duration ttl) {
		return observe("create", bucket, key, () -> {
			checkKey(bucket, key);
			String ttlHeader = ttlHeader(bucket, key, ttl);
			return createBytes(bucket, key, serialize(bucket, key, value), ttlHeader);
		});
	}

	/**
	 * Creates expecting no entry at all; where the key's latest entry is a marker, creates again expecting that
	 * marker's revision, so that a concurrent writer still makes it fail.
	 */
	private long createBytes(String bucket, String key, byte[] data, @Nullable String ttl) {
		KvExceptionTranslator.Call call = KvExceptionTranslator.Call.create(bucket, key);
		try {
			return write(bucket, key, data, KvOperation.PUT, 0L, ttl, call);
		}
		catch (KvKeyExistsException ex) {
			KvRawEntry latest = leaderRead(bucket, key);
			if (latest == null || latest.operation().isPut()) {
				throw ex;
			}
			return write(bucket, key, data, KvOperation.PUT, latest.revision(), ttl, call);
		}
	}

	@Override
	public long update(String bucket, String key, Object value, long expectedRevision) {
		return observe("update", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			return write(bucket, key, serialize(bucket, key, value), KvOperation.PUT, expectedRevision, null,
					KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision));
		});
	}

	@Override
	public <T> KvModification<T> modify(String bucket, String key, Class<T> type, Function<@Nullable T, T> change) {
		return observe("modify", bucket, key, () -> {
			checkKey(bucket, key);
			Assert.notNull(change, "'change' must not be null");
			for (int attempt = 1;; attempt++) {
				// After a conflict the leader has the newest revision; a replica might not have it yet.
				KvRawEntry latest = (attempt == 1) ? readLatest(bucket, key) : leaderRead(bucket, key);
				@Nullable T current = (latest != null && latest.operation().isPut()) ? toEntry(bucket, latest, type).value() : null;
				T next = change.apply(current);
				Assert.state(next != null, () -> "The change for key '" + key + "' in bucket '" + bucket
						+ "' returned null; use delete to remove a key");
				long expected = (latest != null) ? latest.revision() : 0;
				try {
					long revision = write(bucket, key, serialize(bucket, key, next), KvOperation.PUT, expected, null,
							KvExceptionTranslator.Call.conditional(bucket, key, expected));
					return new KvModification<>(key, next, revision, attempt);
				}
				catch (KvRevisionMismatchException ex) {
					if (attempt >= this.maxModifyAttempts) {
						throw ex;
					}
					pause(bucket, ThreadLocalRandom.current().nextLong(1, 2L << Math.min(attempt, 6)));
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
			return write(bucket, key, null, KvOperation.DELETE, null, null, KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long delete(String bucket, String key, long expectedRevision) {
		return observe("delete", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			return write(bucket, key, null, KvOperation.DELETE, expectedRevision, null,
					KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision));
		});
	}

	@Override
	public long purge(String bucket, String key) {
		return observe("purge", bucket, key, () -> {
			checkKey(bucket, key);
			return write(bucket, key, null, KvOperation.PURGE, null, null, KvExceptionTranslator.Call.write(bucket, key));
		});
	}

	@Override
	public long purge(String bucket, String key, long expectedRevision) {
		return observe("purge", bucket, key, () -> {
			checkKey(bucket, key);
			checkRevision(expectedRevision);
			return write(bucket, key, null, KvOperation.PURGE, expectedRevision, null,
					KvExceptionTranslator.Call.conditional(bucket, key, expectedRevision));
		});
	}

	@Override
	public long purgeAll(String bucket, String... filters) {
		return observe("purge-all", bucket, null, () -> {
			List<String> checked = checkFilters(bucket, filters);
			List<String> keys;
			try (Stream<KvRawEntry> entries = scan(bucket, checked, true, true)) {
				keys = entries.filter((entry) -> entry.operation() == KvOperation.PUT
						|| entry.operation() == KvOperation.DELETE).map(KvRawEntry::key).toList();
			}
			Headers purge = KvHeaders.forWrite(KvOperation.PURGE, null, null);
			List<KvWriteResult> results = pipeline(bucket, keys.stream()
				.map((key) -> new PendingWrite(key, null, purge, KvExceptionTranslator.Call.write(bucket, key), null))
				.toList());
			if (results.stream().anyMatch((result) -> !result.succeeded())) {
				throw new KvBatchWriteException(bucket, "purges", results);
			}
			return keys.size();
		});
	}

	@Override
	public List<KvWriteResult> writeAll(String bucket, List<KvWrite> writes) {
		return observe("write-all", bucket, null, () -> {
			KvKeys.requireValidBucketName(bucket);
			List<PendingWrite> pending = new ArrayList<>(writes.size());
			for (KvWrite write : writes) {
				KvKeys.requireValidKey(write.key());
				String ttl = (write.ttl() != null) ? ttlHeader(bucket, write.key(), write.ttl()) : null;
				byte[] data = (write.kind() != KvWrite.Kind.DELETE) ? serialize(bucket, write.key(), write.value()) : null;
				pending.add(switch (write.kind()) {
					case PUT -> new PendingWrite(write.key(), data, KvHeaders.forWrite(KvOperation.PUT, null, ttl),
							KvExceptionTranslator.Call.write(bucket, write.key()), null);
					case CREATE -> new PendingWrite(write.key(), data, KvHeaders.forWrite(KvOperation.PUT, 0L, ttl),
							KvExceptionTranslator.Call.create(bucket, write.key()), ttl);
					case UPDATE -> {
						checkRevision(write.expectedRevision());
						yield new PendingWrite(write.key(), data,
								KvHeaders.forWrite(KvOperation.PUT, write.expectedRevision(), ttl),
								KvExceptionTranslator.Call.conditional(bucket, write.key(), write.expectedRevision()), null);
					}
					case DELETE -> {
						Long expected = (write.expectedRevision() > 0) ? write.expectedRevision() : null;
						yield new PendingWrite(write.key(), null, KvHeaders.forWrite(KvOperation.DELETE, expected, null),
								(expected != null)
										? KvExceptionTranslator.Call.conditional(bucket, write.key(), expected)
										: KvExceptionTranslator.Call.write(bucket, write.key()),
								null);
					}
				});
			}
			return pipeline(bucket, pending);
		});
	}

	/**
	 * A write ready to publish.
	 *
	 * @param createTtl for a create, its TTL header (or {@code null}); a create that meets a marker is written
	 * again over that marker with it
	 */
	private record PendingWrite(String key, byte @Nullable [] data, @Nullable Headers headers,
			KvExceptionTranslator.Call call, @Nullable String createTtl) {

		boolean isCreate() {
			return this.call.kind() == KvExceptionTranslator.Kind.CREATE;
		}

	}

	/**
	 * Publishes the writes with up to {@value #PIPELINE_WINDOW} in flight, then collects every
	 * acknowledgement. Writes nobody answered (no leader yet) are redone one by one with the retrying path;
	 * creates that met an existing entry are redone in batches over the markers they met (see
	 * {@link #createOverMarkers}).
	 */
	private List<KvWriteResult> pipeline(String bucket, List<PendingWrite> writes) {
		List<KvWriteResult> results = new ArrayList<>(pipelineOnce(bucket, writes));
		List<Integer> existing = new ArrayList<>();
		for (int i = 0; i < writes.size(); i++) {
			if (writes.get(i).isCreate() && results.get(i).failure() instanceof KvKeyExistsException) {
				existing.add(i);
			}
		}
		if (!existing.isEmpty()) {
			createOverMarkers(bucket, writes, existing, results);
		}
		return results;
	}

	/**
	 * One pass of pipelined writes. Each message carries a message id, so one that got no answer in time (a
	 * server slow to work through the window) is sent again alone with the same id: the server's duplicate
	 * detection applies it at most once and answers with the revision it was given.
	 */
	private List<KvWriteResult> pipelineOnce(String bucket, List<PendingWrite> writes) {
		KvPermissionViolations.Mark mark = this.requests.mark();
		String idPrefix = KvHeaders.newMessageIdPrefix();
		List<Headers> headers = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			headers.add(KvHeaders.withMessageId(writes.get(i).headers(), idPrefix + i));
		}
		long sent = System.nanoTime();
		List<Integer> indexes = IntStream.range(0, writes.size()).boxed().toList();
		List<CompletableFuture<Message>> replies = sendPipelined(bucket, indexes,
				(i) -> this.requests.requestAsync(KvSubjects.subject(bucket, writes.get(i).key()), headers.get(i),
						writes.get(i).data()));
		boolean remember = readConsistency(bucket) == KvReadConsistency.READ_YOUR_WRITES;
		List<KvWriteResult> results = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			PendingWrite write = writes.get(i);
			KvWriteResult result;
			try {
				long revision = acknowledge(
						this.requests.await(KvSubjects.subject(bucket, write.key()), replies.get(i), mark));
				if (remember) {
					this.ownWrites.record(bucket, write.key(), revision);
				}
				result = new KvWriteResult(write.key(), revision, null);
			}
			catch (KvRequestFailure ex) {
				result = switch (ex.kind()) {
					case NO_RESPONDERS -> writeAlone(bucket, write);
					case TIMEOUT -> resend(bucket, write, headers.get(i), sent, ex);
					default -> new KvWriteResult(write.key(), 0, KvExceptionTranslator.translate(ex, write.call()));
				};
			}
			catch (Exception ex) {
				result = new KvWriteResult(write.key(), 0, KvExceptionTranslator.translate(ex, write.call()));
			}
			results.add(result);
		}
		return results;
	}

	/**
	 * A pipelined write that got no answer, sent again with its message id on the retrying path for as long
	 * as the server still remembers the id (half the bucket's duplicate window from the first send) and the
	 * no-leader retry time allows; past that its outcome stays unknown.
	 */
	private KvWriteResult resend(String bucket, PendingWrite write, Headers withMessageId, long firstSent,
			KvRequestFailure timeout) {
		DataAccessException failure = KvExceptionTranslator.translate(timeout, write.call());
		Duration window;
		try {
			window = bucketFacts(bucket).duplicateWindow();
		}
		catch (DataAccessException ex) {
			return new KvWriteResult(write.key(), 0, failure);
		}
		long deadline = firstSent + Math.min(this.noLeaderRetryTimeout.toNanos(), window.toNanos() / 2);
		while (System.nanoTime() < deadline) {
			try {
				return new KvWriteResult(write.key(),
						write(bucket, write.key(), write.data(), withMessageId, write.call()), null);
			}
			catch (KvWriteOutcomeUnknownException ex) {
				failure = ex;
			}
			catch (DataAccessException ex) {
				return new KvWriteResult(write.key(), 0, ex);
			}
		}
		return new KvWriteResult(write.key(), 0, failure);
	}

	/**
	 * Creates that met an existing entry: where that entry is a delete, purge or expiry marker, the create is
	 * written again expecting the marker's revision (as a single create does). The keys are read with pipelined
	 * direct gets and the second writes are pipelined too, so a batch of conflicts costs two more round trips of
	 * the batch, not three per key. A read older than the revision the conflict reported (a lagging replica), or
	 * one without a usable answer, sends its key down the single-create path, which reads from the leader.
	 */
	private void createOverMarkers(String bucket, List<PendingWrite> writes, List<Integer> existing,
			List<KvWriteResult> results) {
		List<String> keys = existing.stream().map((i) -> writes.get(i).key()).toList();
		KvPermissionViolations.Mark mark = this.requests.mark();
		List<CompletableFuture<Message>> reads = sendPipelined(bucket, keys,
				(key) -> this.requests.requestAsync(directGetSubject(bucket, key), null, null));
		List<Integer> again = new ArrayList<>();
		List<PendingWrite> overMarkers = new ArrayList<>();
		for (int n = 0; n < existing.size(); n++) {
			int i = existing.get(n);
			PendingWrite write = writes.get(i);
			KvRawEntry latest;
			try {
				latest = directEntry(bucket, this.requests.await(directGetSubject(bucket, write.key()), reads.get(n), mark));
			}
			catch (Exception ex) {
				latest = null;
			}
			Long conflicting = KvExceptionTranslator.currentRevision(results.get(i).failure());
			if (latest == null || conflicting == null || latest.revision() < conflicting) {
				results.set(i, writeAlone(bucket, write));
				continue;
			}
			if (!latest.operation().isPut()) {
				again.add(i);
				overMarkers.add(new PendingWrite(write.key(), write.data(),
						KvHeaders.forWrite(KvOperation.PUT, latest.revision(), write.createTtl()), write.call(),
						write.createTtl()));
			}
		}
		List<KvWriteResult> second = pipelineOnce(bucket, overMarkers);
		for (int n = 0; n < again.size(); n++) {
			results.set(again.get(n), second.get(n));
		}
	}

	/**
	 * Sends one request per item with at most {@value #PIPELINE_WINDOW} awaiting their reply. When the
	 * connection refuses to send (closed or draining) before anything was sent, that is thrown, translated;
	 * after some were sent, the rest fail with it one by one, so that what was sent is still awaited.
	 */
	private <I> List<CompletableFuture<Message>> sendPipelined(String bucket, List<I> items,
			Function<I, CompletableFuture<Message>> send) {
		Semaphore window = new Semaphore(PIPELINE_WINDOW);
		List<CompletableFuture<Message>> replies = new ArrayList<>(items.size());
		try {
			for (I item : items) {
				window.acquire();
				CompletableFuture<Message> reply;
				try {
					reply = send.apply(item);
				}
				catch (RuntimeException ex) {
					if (replies.isEmpty()) {
						throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
					}
					reply = CompletableFuture.failedFuture(ex);
				}
				reply.whenComplete((message, failure) -> window.release());
				replies.add(reply);
			}
		}
		catch (InterruptedException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
		return replies;
	}

	/**
	 * One write of a batch redone alone on the retrying path (and, for a create, over a marker it meets).
	 */
	private KvWriteResult writeAlone(String bucket, PendingWrite write) {
		try {
			long revision = write.isCreate()
					? createBytes(bucket, write.key(), Objects.requireNonNull(write.data()), write.createTtl())
					: write(bucket, write.key(), write.data(), write.headers(), write.call());
			return new KvWriteResult(write.key(), revision, null);
		}
		catch (DataAccessException ex) {
			return new KvWriteResult(write.key(), 0, ex);
		}
	}

	@Override
	public <T> Map<String, KvEntry<T>> getAll(String bucket, Collection<String> keys, Class<T> type) {
		return observe("get-all", bucket, null, () -> {
			KvKeys.requireValidBucketName(bucket);
			List<String> ordered = keys.stream().distinct().map(KvKeys::requireValidKey).toList();
			KvReadConsistency consistency = readConsistency(bucket);
			Map<String, KvEntry<T>> found = new LinkedHashMap<>();
			if (consistency == KvReadConsistency.LEADER) {
				for (String key : ordered) {
					KvRawEntry entry = leaderRead(bucket, key);
					if (entry != null && entry.operation().isPut()) {
						found.put(key, toEntry(bucket, entry, type));
					}
				}
				return found;
			}
			KvPermissionViolations.Mark mark = this.requests.mark();
			List<CompletableFuture<Message>> replies = sendPipelined(bucket, ordered,
					(key) -> this.requests.requestAsync(directGetSubject(bucket, key), null, null));
			for (int i = 0; i < ordered.size(); i++) {
				String key = ordered.get(i);
				KvRawEntry entry;
				try {
					entry = directEntry(bucket, this.requests.await(directGetSubject(bucket, key), replies.get(i), mark));
				}
				catch (KvRequestFailure ex) {
					if (ex.kind() != KvRequestFailure.Kind.NO_RESPONDERS) {
						throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, key));
					}
					// Nobody answered (a leader election): this key takes the retrying path alone.
					entry = readLatest(bucket, key);
				}
				catch (Exception ex) {
					throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.read(bucket, key));
				}
				if (consistency == KvReadConsistency.READ_YOUR_WRITES) {
					Long own = this.ownWrites.lastRevision(bucket, key);
					if (own != null && (entry == null || entry.revision() < own)) {
						entry = leaderRead(bucket, key);
					}
				}
				if (entry != null && entry.operation().isPut()) {
					found.put(key, toEntry(bucket, entry, type));
				}
			}
			return found;
		});
	}

	@Override
	public void purgeAllSilently(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		try {
			jetStreamManagement().purgeStream(KvSubjects.stream(bucket));
			this.ownWrites.forget(bucket);
		}
		catch (IOException | JetStreamApiException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	/**
	 * Publishes one write to the key's subject, retrying while nobody answers (no stream leader yet), and
	 * remembers its revision for read-your-writes.
	 */
	private long write(String bucket, String key, byte @Nullable [] data, KvOperation operation,
			@Nullable Long expectedRevision, @Nullable String ttl, KvExceptionTranslator.Call call) {
		return write(bucket, key, data, KvHeaders.forWrite(operation, expectedRevision, ttl), call);
	}

	private long write(String bucket, String key, byte @Nullable [] data, @Nullable Headers headers,
			KvExceptionTranslator.Call call) {
		String subject = KvSubjects.subject(bucket, key);
		long revision;
		try {
			Long acknowledged = retryingWithoutLeader(bucket, call,
					() -> acknowledge(this.requests.request(subject, headers, data)));
			revision = Objects.requireNonNull(acknowledged);
		}
		catch (DataAccessException ex) {
			if (ex.getCause() instanceof JetStreamApiException api
					&& api.getApiErrorCode() == KvExceptionTranslator.MESSAGE_TTL_DISABLED) {
				this.bucketFacts.remove(bucket);
			}
			throw ex;
		}
		if (readConsistency(bucket) == KvReadConsistency.READ_YOUR_WRITES) {
			this.ownWrites.record(bucket, key, revision);
		}
		return revision;
	}

	private static long acknowledge(Message reply) throws KvRequestFailure, IOException, JetStreamApiException {
		if (reply.isStatusMessage() && reply.getStatus().getCode() == 503) {
			throw new KvRequestFailure(KvRequestFailure.Kind.NO_RESPONDERS, reply.getSubject());
		}
		return new PublishAck(reply).getSeqno();
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
		return entries.filter((entry) -> entry.operation().isPut()).map((entry) -> toEntry(bucket, entry, type));
	}

	@Override
	public <T> List<KvEntry<T>> history(String bucket, String key, Class<T> type) {
		return observe("history", bucket, key, () -> {
			checkKey(bucket, key);
			try (Stream<KvRawEntry> entries = scan(bucket, List.of(key), false, false)) {
				return entries.map((entry) -> toEntry(bucket, entry, type)).toList();
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
				(raw) -> toEntry(bucket, raw, type, !options.metaOnly()), listener,
				(watched, timeout) -> lastMatchingRevision(bucket, watched, timeout));
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
			return KvPullWatch.open(this.requests, jetStreamManagement(), bucket, checked, options,
					(raw) -> toEntry(bucket, raw, byte[].class, !options.metaOnly()));
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

	private <T> KvEntry<T> toEntry(String bucket, KvRawEntry raw, Class<T> type) {
		return toEntry(bucket, raw, type, true);
	}

	private <T> KvEntry<T> toEntry(String bucket, KvRawEntry raw, Class<T> type, boolean withValue) {
		T value = null;
		if (withValue && raw.operation().isPut()) {
			if (ENTITY_TYPES.get(type)) {
				throw new InvalidDataAccessApiUsageException("Key '" + KvMessages.cut(raw.key()) + "' in bucket '"
						+ bucket + "' cannot be read as " + type.getName() + " through KeyValueTemplate: it is a "
						+ "@KvEntity, whose id comes from the key and whose @Version is the revision (neither is "
						+ "read from the stored JSON); read it with its repository or KvEntityTemplate");
			}
			try {
				value = (type == byte[].class) ? type.cast(raw.data()) : this.converter.read(raw.data(), type);
			}
			catch (KvValueConversionException ex) {
				throw KvValueConversionException.reading(bucket, raw.key(), raw.revision(), type, ex);
			}
		}
		return new KvEntry<>(bucket, raw.key(), value, raw.revision(), raw.created(), raw.delta(), raw.operation());
	}

	byte[] serialize(String bucket, String key, Object value) {
		Assert.notNull(value, () -> "Value for key '" + key + "' in bucket '" + bucket
				+ "' must not be null; use delete to remove a key");
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		try {
			return this.converter.write(value);
		}
		catch (KvValueConversionException ex) {
			throw new KvValueConversionException("Value for key '" + key + "' in bucket '" + bucket
					+ "' cannot be written: " + ex.getMessage() + "; nothing was written", ex);
		}
	}

	/**
	 * The {@code Nats-TTL} header for a per-key TTL, after checking everything the server would otherwise
	 * ignore or misapply.
	 */
	private String ttlHeader(String bucket, String key, Duration ttl) {
		Assert.notNull(ttl, "'ttl' must not be null");
		String target = "key '" + key + "' in bucket '" + bucket + "'";
		if (ttl.compareTo(MINIMUM_TTL) < 0) {
			throw new InvalidDataAccessApiUsageException(
					"TTL " + ttl + " for " + target + " is below the server's minimum of 1 second; nothing was written");
		}
		if (!this.connection.getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
			throw new InvalidDataAccessApiUsageException("Per-key TTL for " + target + " needs nats-server 2.11 or newer; "
					+ "the server is " + this.connection.getServerInfo().getVersion() + "; nothing was written");
		}
		BucketFacts facts = bucketFacts(bucket);
		if (facts.history() > 1) {
			throw new InvalidDataAccessApiUsageException("Per-key TTL for " + target + " is refused: the bucket keeps "
					+ facts.history() + " revisions per key, and with history above 1 the server stretches short TTLs "
					+ "to the limit marker TTL and brings an older value back when a newer one expires, without any "
					+ "event; use a bucket with history 1 for expiring keys; nothing was written");
		}
		if (!facts.allowsMessageTtl()) {
			throw new InvalidDataAccessApiUsageException("Per-key TTL for " + target
					+ " is refused: the bucket has no limit marker TTL, which per-key TTL needs; define the bucket "
					+ "with one; nothing was written");
		}
		return (ttl.toMillis() % 1000 == 0) ? (ttl.toSeconds() + "s") : (ttl.toMillis() + "ms");
	}

	private BucketFacts bucketFacts(String bucket) {
		BucketFacts facts = this.bucketFacts.get(bucket);
		if (facts == null) {
			try {
				StreamConfiguration configuration = jetStreamManagement().getStreamInfo(KvSubjects.stream(bucket))
					.getConfiguration();
				facts = new BucketFacts(configuration.getMaxMsgsPerSubject(), configuration.getAllowMessageTtl(),
						Objects.requireNonNullElse(configuration.getDuplicateWindow(), Duration.ZERO));
				this.bucketFacts.put(bucket, facts);
			}
			catch (IOException | JetStreamApiException ex) {
				throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
			}
		}
		return facts;
	}

	/**
	 * Runs a request, retrying with jittered backoff while nobody answers (a replicated bucket without a leader
	 * yet); the first time, checks that the bucket exists at all, so a missing bucket fails at once.
	 */
	private <R> @Nullable R retryingWithoutLeader(String bucket, KvExceptionTranslator.Call call, Request<R> request) {
		long deadline = System.nanoTime() + this.noLeaderRetryTimeout.toNanos();
		long backoff = 20;
		boolean bucketChecked = false;
		while (true) {
			try {
				return request.run();
			}
			catch (KvRequestFailure ex) {
				if (ex.kind() != KvRequestFailure.Kind.NO_RESPONDERS || System.nanoTime() > deadline) {
					throw KvExceptionTranslator.translate(ex, call);
				}
				if (!bucketChecked) {
					requireBucket(bucket);
					bucketChecked = true;
				}
				pause(bucket, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
				backoff = Math.min(backoff * 2, 500);
			}
			catch (Exception ex) {
				throw KvExceptionTranslator.translate(ex, call);
			}
		}
	}

	private void requireBucket(String bucket) {
		if (!this.connection.getServerInfo().isJetStreamAvailable()) {
			throw new DataAccessResourceFailureException("JetStream is not enabled on the NATS server "
					+ this.connection.getServerInfo().getServerId() + "; bucket '" + bucket
					+ "' needs a server started with JetStream (-js, or a jetstream block in its configuration)");
		}
		try {
			jetStreamManagement().getStreamInfo(KvSubjects.stream(bucket));
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == KvExceptionTranslator.STREAM_NOT_FOUND) {
				this.scanner.forget(bucket);
				throw new KvBucketNotFoundException(bucket, ex);
			}
		}
		catch (IOException ex) {
			// No answer either: the cluster may be electing; keep retrying until the deadline.
		}
	}

	private JetStream jetStream() throws IOException {
		JetStream current = this.jetStream;
		if (current == null) {
			current = this.connection.jetStream(this.jetStreamOptions);
			this.jetStream = current;
		}
		return current;
	}

	private JetStreamManagement jetStreamManagement() throws IOException {
		return this.connection.jetStreamManagement(this.jetStreamOptions);
	}

	private KvReadConsistency readConsistency(String bucket) {
		return this.readConsistencies.getOrDefault(bucket, this.defaultReadConsistency);
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

	private static void pause(String bucket, long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	/**
	 * A request that may fail without an answer.
	 */
	@FunctionalInterface
	private interface Request<R> {

		@Nullable R run() throws Exception;

	}

	/**
	 * What per-key TTL needs to know of a bucket.
	 */
	/**
	 * What writes need to know of a bucket's stream.
	 *
	 * @param duplicateWindow how long the server remembers a message id (two minutes, or the bucket's TTL if
	 * shorter)
	 */
	private record BucketFacts(long history, boolean allowsMessageTtl, Duration duplicateWindow) {

	}


	// ---- for the transaction runner

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
		return readLatest(bucket, key);
	}

	/**
	 * A raw entry converted to the type.
	 */
	<T> KvEntry<T> entry(String bucket, KvRawEntry raw, Class<T> type) {
		return toEntry(bucket, raw, type);
	}

	/**
	 * Records a write of this client's, so that reads see it.
	 */
	void recordOwnWrite(String bucket, String key, long revision) {
		if (readConsistency(bucket) == KvReadConsistency.READ_YOUR_WRITES) {
			this.ownWrites.record(bucket, key, revision);
		}
	}

}
