package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvReadConsistency;
import io.github.kvspring.data.core.KvStorage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.data.repository.config.BootstrapMode;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the NATS KV support: buckets, their management, repositories, reads and
 * listeners.
 */
@ConfigurationProperties(prefix = "nats.kv", ignoreUnknownFields = false)
public class NatsKvProperties {

	/**
	 * What to do with the declared buckets at start-up: none, validate, create (create missing ones, validate
	 * existing ones) or create-or-update.
	 */
	private KvBucketPolicy bucketManagement = KvBucketPolicy.CREATE;

	/**
	 * Buckets, by name, with their limits and settings.
	 */
	private Map<String, Bucket> buckets = new LinkedHashMap<>();

	/**
	 * How reads relate to this application's own writes, for buckets that set none.
	 */
	private KvReadConsistency readConsistency = KvReadConsistency.READ_YOUR_WRITES;

	/**
	 * How long writes keep retrying while a replicated bucket elects a stream leader.
	 */
	private Duration noLeaderRetryTimeout = Duration.ofSeconds(15);

	/**
	 * Repositories.
	 */
	private final Repositories repositories = new Repositories();

	/**
	 * Listeners.
	 */
	private final Listener listener = new Listener();

	/**
	 * Spring Cache on KV buckets.
	 */
	@NestedConfigurationProperty
	private final NatsKvCacheProperties cache = new NatsKvCacheProperties();

	/**
	 * Returns the bucketManagement.
	 * @return the value
	 */
	public KvBucketPolicy getBucketManagement() {
		return this.bucketManagement;
	}

	/**
	 * Sets the bucketManagement.
	 * @param bucketManagement the new value
	 */
	public void setBucketManagement(KvBucketPolicy bucketManagement) {
		this.bucketManagement = bucketManagement;
	}

	/**
	 * Returns the buckets, by name, with their limits and settings.
	 * @return the value
	 */
	public Map<String, Bucket> getBuckets() {
		return this.buckets;
	}

	/**
	 * Sets the buckets, by name, with their limits and settings.
	 * @param buckets the new value
	 */
	public void setBuckets(Map<String, Bucket> buckets) {
		this.buckets = buckets;
	}

	/**
	 * Returns the how reads of this bucket relate to this application's own writes; nats.kv.read-consistency when not set.
	 * @return the value
	 */
	public KvReadConsistency getReadConsistency() {
		return this.readConsistency;
	}

	/**
	 * Sets the how reads of this bucket relate to this application's own writes; nats.kv.read-consistency when not set.
	 * @param readConsistency the new value
	 */
	public void setReadConsistency(KvReadConsistency readConsistency) {
		this.readConsistency = readConsistency;
	}

	/**
	 * Returns the how long writes keep retrying while a replicated bucket elects a stream leader.
	 * @return the value
	 */
	public Duration getNoLeaderRetryTimeout() {
		return this.noLeaderRetryTimeout;
	}

	/**
	 * Sets the how long writes keep retrying while a replicated bucket elects a stream leader.
	 * @param noLeaderRetryTimeout the new value
	 */
	public void setNoLeaderRetryTimeout(Duration noLeaderRetryTimeout) {
		this.noLeaderRetryTimeout = noLeaderRetryTimeout;
	}

	/**
	 * Returns the repositories.
	 * @return the value
	 */
	public Repositories getRepositories() {
		return this.repositories;
	}

	/**
	 * Returns the listener properties.
	 * @return the value
	 */
	public Listener getListener() {
		return this.listener;
	}

	/**
	 * Returns the Spring Cache properties.
	 * @return the value
	 */
	public NatsKvCacheProperties getCache() {
		return this.cache;
	}

	/**
	 * Listener properties, applied to the auto-configured listener container factory. The threads listener
	 * methods run on follow {@code spring.threads.virtual.enabled}, or come from a {@code TaskExecutor} bean named
	 * {@code kvListenerTaskExecutor} when there is one.
	 */
	public static class Listener {

		/**
		 * How long stopping a listener waits for a method that is running; the method is never interrupted.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * Returns how long stopping a listener waits for a running method.
		 * @return the value
		 */
		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		/**
		 * Sets how long stopping a listener waits for a running method.
		 * @param shutdownTimeout the new value
		 */
		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

	}

	/**
	 * Repository properties.
	 */
	public static class Repositories {

		/**
		 * Whether KV repositories are enabled.
		 */
		private boolean enabled = true;

		/**
		 * When repositories are created: DEFAULT (at start-up), DEFERRED or LAZY (on first use, which moves the
		 * Spring Data set-up and any query-method error to the first call).
		 */
		private BootstrapMode bootstrapMode = BootstrapMode.DEFAULT;

		/**
		 * How long a derived query waits for an @KvIndexed index to hold every earlier write (and, on first use, to
		 * be built) before it reads the bucket instead.
		 */
		private Duration indexCatchUpTimeout = Duration.ofSeconds(2);

		/**
		 * What finds, derived queries and other scans do with a stored value that cannot be read as the entity: fail
		 * naming its key and revision, or skip it, logging its bucket, key and revision at WARN. A
		 * KvConversionFailureHandler bean takes precedence.
		 */
		private UnreadableValues unreadableValues = UnreadableValues.FAIL;

		/**
		 * Returns what scans do with a stored value that cannot be read.
		 * @return the value
		 */
		public UnreadableValues getUnreadableValues() {
			return this.unreadableValues;
		}

		/**
		 * Sets what scans do with a stored value that cannot be read.
		 * @param unreadableValues the new value
		 */
		public void setUnreadableValues(UnreadableValues unreadableValues) {
			this.unreadableValues = unreadableValues;
		}

		/**
		 * Returns how long a query waits for an index to catch up.
		 * @return the value
		 */
		public Duration getIndexCatchUpTimeout() {
			return this.indexCatchUpTimeout;
		}

		/**
		 * Sets how long a query waits for an index to catch up.
		 * @param indexCatchUpTimeout the new value
		 */
		public void setIndexCatchUpTimeout(Duration indexCatchUpTimeout) {
			this.indexCatchUpTimeout = indexCatchUpTimeout;
		}

		/**
		 * Returns when repositories are created.
		 * @return the value
		 */
		public BootstrapMode getBootstrapMode() {
			return this.bootstrapMode;
		}

		/**
		 * Sets when repositories are created.
		 * @param bootstrapMode the new value
		 */
		public void setBootstrapMode(BootstrapMode bootstrapMode) {
			this.bootstrapMode = bootstrapMode;
		}

		/**
		 * Returns whether KV repositories are enabled.
		 * @return the value
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether KV repositories are enabled.
		 * @param enabled the new value
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * What scans do with a stored value that cannot be read as the entity.
		 */
		public enum UnreadableValues {

			/**
			 * Fail the scan, naming the value's key and revision.
			 */
			FAIL,

			/**
			 * Leave the value out, logging its bucket, key and revision at WARN.
			 */
			SKIP

		}

	}

	/**
	 * A bucket's limits and settings.
	 */
	public static class Bucket {

		/**
		 * Description of the bucket.
		 */
		private @Nullable String description;

		/**
		 * Revisions kept per key, 1 to 64.
		 */
		private int history = 1;

		/**
		 * Time to live of values (the stream's max age); values live for ever when not set.
		 */
		private @Nullable Duration ttl;

		/**
		 * Maximum size of the bucket; no limit when not set.
		 */
		private @Nullable DataSize maxBucketSize;

		/**
		 * Maximum size of one value (headers count); no limit when not set.
		 */
		private @Nullable DataSize maxValueSize;

		/**
		 * Storage of the entries: file or memory.
		 */
		private KvStorage storage = KvStorage.FILE;

		/**
		 * Number of servers keeping a copy, 1 to 5.
		 */
		private int replicas = 1;

		/**
		 * Whether file storage is compressed.
		 */
		private boolean compression;

		/**
		 * Whether the bucket accepts atomic batches of writes, which transactions commit with; needs nats-server
		 * 2.12 or newer.
		 */
		private boolean atomicWrites;

		/**
		 * Time to live of the markers the server writes when values expire; needed for per-key TTL; defaults to
		 * the ttl when that is set.
		 */
		private @Nullable Duration limitMarkerTtl;

		/**
		 * Metadata stored with the bucket.
		 */
		private Map<String, String> metadata = new LinkedHashMap<>();

		/**
		 * How reads of this bucket relate to this application's own writes; nats.kv.read-consistency when not set.
		 */
		private @Nullable KvReadConsistency readConsistency;

		/**
		 * Returns the description of the bucket.
		 * @return the value
		 */
		public @Nullable String getDescription() {
			return this.description;
		}

		/**
		 * Sets the description of the bucket.
		 * @param description the new value
		 */
		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		/**
		 * Returns the revisions kept per key, 1 to 64.
		 * @return the value
		 */
		public int getHistory() {
			return this.history;
		}

		/**
		 * Sets the revisions kept per key, 1 to 64.
		 * @param history the new value
		 */
		public void setHistory(int history) {
			this.history = history;
		}

		/**
		 * Returns the time to live of values (the stream's max age); values live for ever when not set.
		 * @return the value
		 */
		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		/**
		 * Sets the time to live of values (the stream's max age); values live for ever when not set.
		 * @param ttl the new value
		 */
		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		/**
		 * Returns the maximum size of the bucket; no limit when not set.
		 * @return the value
		 */
		public @Nullable DataSize getMaxBucketSize() {
			return this.maxBucketSize;
		}

		/**
		 * Sets the maximum size of the bucket; no limit when not set.
		 * @param maxBucketSize the new value
		 */
		public void setMaxBucketSize(@Nullable DataSize maxBucketSize) {
			this.maxBucketSize = maxBucketSize;
		}

		/**
		 * Returns the maximum size of one value (headers count); no limit when not set.
		 * @return the value
		 */
		public @Nullable DataSize getMaxValueSize() {
			return this.maxValueSize;
		}

		/**
		 * Sets the maximum size of one value (headers count); no limit when not set.
		 * @param maxValueSize the new value
		 */
		public void setMaxValueSize(@Nullable DataSize maxValueSize) {
			this.maxValueSize = maxValueSize;
		}

		/**
		 * Returns the storage of the entries: file or memory.
		 * @return the value
		 */
		public KvStorage getStorage() {
			return this.storage;
		}

		/**
		 * Sets the storage of the entries: file or memory.
		 * @param storage the new value
		 */
		public void setStorage(KvStorage storage) {
			this.storage = storage;
		}

		/**
		 * Returns the number of servers keeping a copy, 1 to 5.
		 * @return the value
		 */
		public int getReplicas() {
			return this.replicas;
		}

		/**
		 * Sets the number of servers keeping a copy, 1 to 5.
		 * @param replicas the new value
		 */
		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		/**
		 * Returns whether file storage is compressed.
		 * @return the value
		 */
		public boolean isCompression() {
			return this.compression;
		}

		/**
		 * Sets whether file storage is compressed.
		 * @param compression the new value
		 */
		public void setCompression(boolean compression) {
			this.compression = compression;
		}

		/**
		 * Returns whether the bucket accepts atomic batches of writes.
		 * @return the value
		 */
		public boolean isAtomicWrites() {
			return this.atomicWrites;
		}

		/**
		 * Sets whether the bucket accepts atomic batches of writes.
		 * @param atomicWrites the new value
		 */
		public void setAtomicWrites(boolean atomicWrites) {
			this.atomicWrites = atomicWrites;
		}

		/**
		 * Returns the limitMarkerTtl.
		 * @return the value
		 */
		public @Nullable Duration getLimitMarkerTtl() {
			return this.limitMarkerTtl;
		}

		/**
		 * Sets the limitMarkerTtl.
		 * @param limitMarkerTtl the new value
		 */
		public void setLimitMarkerTtl(@Nullable Duration limitMarkerTtl) {
			this.limitMarkerTtl = limitMarkerTtl;
		}

		/**
		 * Returns the metadata stored with the bucket.
		 * @return the value
		 */
		public Map<String, String> getMetadata() {
			return this.metadata;
		}

		/**
		 * Sets the metadata stored with the bucket.
		 * @param metadata the new value
		 */
		public void setMetadata(Map<String, String> metadata) {
			this.metadata = metadata;
		}

		/**
		 * Returns the how reads of this bucket relate to this application's own writes; nats.kv.read-consistency when not set.
		 * @return the value
		 */
		public @Nullable KvReadConsistency getReadConsistency() {
			return this.readConsistency;
		}

		/**
		 * Sets the how reads of this bucket relate to this application's own writes; nats.kv.read-consistency when not set.
		 * @param readConsistency the new value
		 */
		public void setReadConsistency(@Nullable KvReadConsistency readConsistency) {
			this.readConsistency = readConsistency;
		}

	}

}
