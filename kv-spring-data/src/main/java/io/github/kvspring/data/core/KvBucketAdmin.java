package io.github.kvspring.data.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.Message;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueStatus;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.util.Assert;

/**
 * Creates, checks, updates and deletes buckets from {@link KvBucketDefinition}s. Uses only the bucket's own
 * stream API (stream info, create, update, delete), never account-wide listings. Settings an older server would
 * ignore are refused with the server's version named.
 */
public class KvBucketAdmin {

	/** The server's "JetStream system temporarily unavailable". */
	private static final int JETSTREAM_TEMPORARILY_UNAVAILABLE = 10008;

	private static final int UNAVAILABLE_RETRY_SECONDS = 15;

	private final Connection connection;

	private final KeyValueOptions options;

	/**
	 * Creates an admin for the connection's default JetStream API.
	 * @param connection the connection
	 */
	public KvBucketAdmin(Connection connection) {
		this(connection, JetStreamOptions.defaultOptions());
	}

	/**
	 * Creates an admin for the given JetStream options (API prefix or domain).
	 * @param connection the connection
	 * @param jetStreamOptions the JetStream options
	 */
	public KvBucketAdmin(Connection connection, JetStreamOptions jetStreamOptions) {
		Assert.notNull(connection, "'connection' must not be null");
		this.connection = connection;
		this.options = KeyValueOptions.builder().jetStreamOptions(jetStreamOptions).build();
	}

	/**
	 * Applies a definition under a policy.
	 * @param definition the bucket definition
	 * @param policy what to do
	 * @return the bucket as it is afterwards, or {@code null} under {@link KvBucketPolicy#NONE}
	 * @throws KvBucketValidationException if the bucket differs and the policy does not change it, or the change
	 * fails
	 * @throws KvBucketNotFoundException under {@link KvBucketPolicy#VALIDATE} when the bucket is missing
	 */
	public @Nullable KvBucketInfo apply(KvBucketDefinition definition, KvBucketPolicy policy) {
		if (policy == KvBucketPolicy.NONE) {
			return null;
		}
		KvBucketInfo live = info(definition.name());
		if (live == null) {
			if (policy == KvBucketPolicy.VALIDATE) {
				throw new KvBucketNotFoundException(definition.name(), null);
			}
			return create(definition);
		}
		List<String> differences = differences(definition, live.definition());
		if (differences.isEmpty()) {
			return live;
		}
		if (policy != KvBucketPolicy.CREATE_OR_UPDATE) {
			throw new KvBucketValidationException(definition.name(), differences);
		}
		return update(definition);
	}

	/**
	 * Creates a bucket; succeeds if it exists with the same settings.
	 * @param definition the bucket definition
	 * @return the created bucket
	 * @throws KvBucketValidationException if a bucket of that name exists with other settings
	 */
	public KvBucketInfo create(KvBucketDefinition definition) {
		KeyValueConfiguration configuration = configuration(definition);
		try {
			return withAtomicWrites(definition, info(whileUnavailable(() -> management().create(configuration))));
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == KvExceptionTranslator.STREAM_NAME_EXISTS_WITH_OTHER_CONFIG) {
				KvBucketInfo live = info(definition.name());
				List<String> differences = (live != null) ? differences(definition, live.definition())
						: List.of(ex.getErrorDescription());
				throw new KvBucketValidationException(definition.name(), differences);
			}
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(definition.name()));
		}
		catch (IOException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(definition.name()));
		}
	}

	/**
	 * Changes a bucket to match its definition.
	 * @param definition the bucket definition
	 * @return the updated bucket
	 * @throws KvBucketValidationException if the server refuses the change, naming each differing setting
	 */
	public KvBucketInfo update(KvBucketDefinition definition) {
		KeyValueConfiguration configuration = configuration(definition);
		try {
			KvBucketInfo updated = withAtomicWrites(definition,
					info(whileUnavailable(() -> management().update(configuration))));
			List<String> remaining = differences(definition, updated.definition());
			if (!remaining.isEmpty()) {
				throw new KvBucketValidationException(definition.name(), remaining);
			}
			return updated;
		}
		catch (JetStreamApiException ex) {
			KvBucketInfo live = info(definition.name());
			List<String> differences = new ArrayList<>((live != null) ? differences(definition, live.definition())
					: List.of());
			differences.add("the server refused the change: " + ex.getErrorDescription());
			throw new KvBucketValidationException(definition.name(), differences);
		}
		catch (IOException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(definition.name()));
		}
	}

	/**
	 * Checks a live bucket against its definition.
	 * @param definition the bucket definition
	 * @throws KvBucketNotFoundException if the bucket is missing
	 * @throws KvBucketValidationException listing each differing setting
	 */
	public void validate(KvBucketDefinition definition) {
		apply(definition, KvBucketPolicy.VALIDATE);
	}

	/**
	 * The live bucket.
	 * @param bucket the bucket name
	 * @return the bucket, or {@code null} if it does not exist
	 */
	public @Nullable KvBucketInfo info(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		try {
			return info(whileUnavailable(() -> management().getStatus(bucket)));
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == KvExceptionTranslator.STREAM_NOT_FOUND) {
				return null;
			}
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof JetStreamApiException api
					&& api.getApiErrorCode() == KvExceptionTranslator.STREAM_NOT_FOUND) {
				return null;
			}
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	/**
	 * The live bucket, asked for without blocking: one request whose answer completes the future, or its
	 * failure after the timeout.
	 * @param bucket the bucket name
	 * @param timeout how long to wait for the answer
	 * @return the bucket, or {@code null} if it does not exist
	 */
	public CompletableFuture<@Nullable KvBucketInfo> infoAsync(String bucket, Duration timeout) {
		KvKeys.requireValidBucketName(bucket);
		String subject = this.options.getJetStreamOptions().getPrefix() + "STREAM.INFO." + KvSubjects.stream(bucket);
		CompletableFuture<Message> reply;
		try {
			reply = this.connection.requestWithTimeout(subject, null, timeout);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(
					KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket)));
		}
		return reply.handle((message, failure) -> {
			if (failure != null) {
				throw KvExceptionTranslator.translate(
						new KvRequestFailure(KvRequestFailure.Kind.TIMEOUT, subject), KvExceptionTranslator.Call.admin(bucket));
			}
			StreamInfo stream = new StreamInfo(message);
			if (stream.hasError()) {
				if (stream.getApiErrorCode() == KvExceptionTranslator.STREAM_NOT_FOUND) {
					return null;
				}
				throw KvExceptionTranslator.translate(new JetStreamApiException(stream.getErrorObject()),
						KvExceptionTranslator.Call.admin(bucket));
			}
			return info(new KeyValueStatus(stream));
		});
	}

	/**
	 * Deletes a bucket and every entry in it.
	 * @param bucket the bucket name
	 * @return whether a bucket was deleted
	 */
	public boolean delete(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		try {
			management().delete(bucket);
			return true;
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == KvExceptionTranslator.STREAM_NOT_FOUND) {
				return false;
			}
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
		catch (IOException ex) {
			throw KvExceptionTranslator.translate(ex, KvExceptionTranslator.Call.admin(bucket));
		}
	}

	/**
	 * Each setting in which a live bucket differs from a definition.
	 * @param expected the definition
	 * @param actual the live bucket's settings
	 * @return the differences, such as {@code "history: expected 5 but was 1"}; empty if none
	 */
	public static List<String> differences(KvBucketDefinition expected, KvBucketDefinition actual) {
		List<String> differences = new ArrayList<>();
		compare(differences, "description", expected.description(), actual.description());
		compare(differences, "history", expected.history(), actual.history());
		compare(differences, "ttl", expected.ttl(), actual.ttl());
		compare(differences, "max bucket size", expected.maxBucketSize(), actual.maxBucketSize());
		compare(differences, "max value size", expected.maxValueSize(), actual.maxValueSize());
		compare(differences, "storage", expected.storage(), actual.storage());
		compare(differences, "replicas", expected.replicas(), actual.replicas());
		compare(differences, "compression", expected.compression(), actual.compression());
		compare(differences, "atomic writes", expected.atomicWrites(), actual.atomicWrites());
		compare(differences, "limit marker ttl", expected.limitMarkerTtl(), actual.limitMarkerTtl());
		expected.metadata().forEach((key, value) -> compare(differences, "metadata '" + key + "'", value,
				actual.metadata().get(key)));
		return differences;
	}

	private static void compare(List<String> differences, String setting, @Nullable Object expected,
			@Nullable Object actual) {
		if (!Objects.equals(expected, actual)) {
			differences.add(setting + ": expected " + describe(expected) + " but was " + describe(actual));
		}
	}

	private static String describe(@Nullable Object value) {
		return (value != null) ? value.toString() : "none";
	}

	/**
	 * Turns the stream's atomic batches on or off as the definition says (the KV configuration cannot carry it).
	 */
	private KvBucketInfo withAtomicWrites(KvBucketDefinition definition, KvBucketInfo live)
			throws IOException, JetStreamApiException {
		if (live.definition().atomicWrites() == definition.atomicWrites()) {
			return live;
		}
		JetStreamManagement streams = this.connection.jetStreamManagement(this.options.getJetStreamOptions());
		StreamConfiguration stream = whileUnavailable(
				() -> streams.getStreamInfo(KvSubjects.stream(definition.name())).getConfiguration());
		whileUnavailable(() -> streams
			.updateStream(StreamConfiguration.builder(stream).allowAtomicPublish(definition.atomicWrites()).build()));
		return Objects.requireNonNull(info(definition.name()), () -> "Bucket '" + definition.name() + "' vanished");
	}

	private KeyValueConfiguration configuration(KvBucketDefinition definition) {
		String version = this.connection.getServerInfo().getVersion();
		if (definition.atomicWrites() && !this.connection.getServerInfo().isSameOrNewerThanVersion("2.12.0")) {
			throw new InvalidDataAccessApiUsageException("Bucket '" + definition.name() + "': atomic writes (which "
					+ "transactions commit with) need nats-server 2.12 or newer, but the server is " + version
					+ "; set nats.kv.buckets." + definition.name() + ".atomic-writes=false (or "
					+ "KvBucketDefinition.atomicWrites(false)) to go without transactions; the bucket was left as it was");
		}
		if (definition.limitMarkerTtl() != null && !this.connection.getServerInfo().isSameOrNewerThanVersion("2.11.0")) {
			throw new InvalidDataAccessApiUsageException("Bucket '" + definition.name() + "': a limit marker TTL "
					+ "(needed by per-key TTL, and set by default with a TTL) needs nats-server 2.11 or newer, but the "
					+ "server is " + version + "; set the limit marker TTL to none to go without");
		}
		if ((definition.compression() || !definition.metadata().isEmpty())
				&& !this.connection.getServerInfo().isSameOrNewerThanVersion("2.10.0")) {
			throw new InvalidDataAccessApiUsageException("Bucket '" + definition.name()
					+ "': compression and metadata need nats-server 2.10 or newer, but the server is " + version);
		}
		KeyValueConfiguration.Builder builder = KeyValueConfiguration.builder()
			.name(definition.name())
			.maxHistoryPerKey(definition.history())
			.storageType((definition.storage() == KvStorage.MEMORY) ? StorageType.Memory : StorageType.File)
			.replicas(definition.replicas())
			.compression(definition.compression());
		if (definition.description() != null) {
			builder.description(definition.description());
		}
		if (definition.ttl() != null) {
			builder.ttl(definition.ttl());
		}
		if (definition.maxBucketSize() > 0) {
			builder.maxBucketSize(definition.maxBucketSize());
		}
		if (definition.maxValueSize() > 0) {
			builder.maximumValueSize(definition.maxValueSize());
		}
		if (!definition.metadata().isEmpty()) {
			builder.metadata(definition.metadata());
		}
		if (definition.limitMarkerTtl() != null) {
			builder.limitMarker(definition.limitMarkerTtl());
		}
		return builder.build();
	}

	private static KvBucketInfo info(KeyValueStatus status) {
		Map<String, String> metadata = (status.getMetadata() != null) ? status.getMetadata().entrySet().stream()
			.filter((entry) -> !entry.getKey().startsWith("_nats"))
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)) : Map.of();
		String description = status.getDescription();
		KvBucketDefinition definition = new KvBucketDefinition(status.getBucketName(),
				(description != null && !description.isEmpty()) ? description : null, (int) status.getMaxHistoryPerKey(),
				positive(status.getTtl()), (status.getMaxBucketSize() > 0) ? status.getMaxBucketSize() : -1,
				(status.getMaximumValueSize() > 0) ? status.getMaximumValueSize() : -1,
				(status.getStorageType() == StorageType.Memory) ? KvStorage.MEMORY : KvStorage.FILE, status.getReplicas(),
				status.isCompressed(), status.getBackingStreamInfo().getConfiguration().getAllowAtomicPublish(),
				positive(status.getLimitMarkerTtl()), metadata, KvReadConsistency.READ_YOUR_WRITES);
		return new KvBucketInfo(definition, status.getEntryCount(), status.getByteCount(),
				status.getBackingStreamInfo().getStreamState().getLastSequence());
	}

	private static @Nullable Duration positive(@Nullable Duration duration) {
		return (duration != null && !duration.isZero() && !duration.isNegative()) ? duration : null;
	}

	/**
	 * Runs a JetStream API call again while the server answers that JetStream is temporarily unavailable (a
	 * cluster still electing its meta leader, as right after it starts), with a growing pause, for up to
	 * {@value #UNAVAILABLE_RETRY_SECONDS} seconds.
	 */
	private static <R> R whileUnavailable(ApiCall<R> call) throws IOException, JetStreamApiException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(UNAVAILABLE_RETRY_SECONDS);
		long pause = 50;
		while (true) {
			try {
				return call.run();
			}
			catch (JetStreamApiException ex) {
				if (ex.getApiErrorCode() != JETSTREAM_TEMPORARILY_UNAVAILABLE || System.nanoTime() > deadline) {
					throw ex;
				}
			}
			try {
				Thread.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while JetStream was temporarily unavailable", ex);
			}
			pause = Math.min(pause * 2, 1000);
		}
	}

	/**
	 * A JetStream API call.
	 *
	 * @param <R> its result
	 */
	@FunctionalInterface
	private interface ApiCall<R> {

		R run() throws IOException, JetStreamApiException;

	}

	private KeyValueManagement management() throws IOException {
		return this.connection.keyValueManagement(this.options);
	}

}
