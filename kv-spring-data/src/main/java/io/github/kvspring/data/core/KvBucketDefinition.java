package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Everything a bucket can be configured with: its limits (maximum bucket size, maximum value size, history
 * depth, TTL) and its storage, replicas, compression, atomic writes, description, metadata and limit marker TTL. Checked when
 * built; each error names the bucket and the setting.
 *
 * @param name the bucket name
 * @param description a description, or {@code null}
 * @param history how many revisions per key are kept, 1 to 64
 * @param ttl how long a value lives (the stream's max age), or {@code null} for ever
 * @param maxBucketSize the bucket's maximum size in bytes, or -1 for no limit
 * @param maxValueSize the maximum size of one value in bytes (headers count), or -1 for no limit
 * @param storage where entries are kept
 * @param replicas how many servers keep a copy, 1 to 5
 * @param compression whether file storage is compressed
 * @param atomicWrites whether the bucket accepts atomic batches of writes, which transactions commit with
 * (nats-server 2.12+)
 * @param limitMarkerTtl how long the markers the server writes on expiry live, or {@code null} for none; per-key
 * TTL needs it, and it makes expiries visible to watchers (server 2.11+)
 * @param metadata user metadata stored with the bucket
 * @param readConsistency how reads relate to this client's own writes
 */
public record KvBucketDefinition(String name, @Nullable String description, int history, @Nullable Duration ttl,
		long maxBucketSize, int maxValueSize, KvStorage storage, int replicas, boolean compression,
		boolean atomicWrites, @Nullable Duration limitMarkerTtl, Map<String, String> metadata, KvReadConsistency readConsistency) {

	/**
	 * The most revisions per key a bucket can keep.
	 */
	public static final int MAX_HISTORY = 64;

	/**
	 * Checks every setting.
	 * @param name the bucket name
	 * @param description a description, or {@code null}
	 * @param history revisions kept per key
	 * @param ttl how long a value lives, or {@code null}
	 * @param maxBucketSize the maximum bucket size in bytes, or -1
	 * @param maxValueSize the maximum value size in bytes, or -1
	 * @param storage where entries are kept
	 * @param replicas how many servers keep a copy
	 * @param compression whether file storage is compressed
	 * @param atomicWrites whether atomic batches are accepted
	 * @param limitMarkerTtl how long expiry markers live, or {@code null}
	 * @param metadata user metadata
	 * @param readConsistency how reads relate to own writes
	 */
	public KvBucketDefinition {
		KvKeys.requireValidBucketName(name);
		String bucket = "Bucket '" + name + "': ";
		Assert.isTrue(history >= 1 && history <= MAX_HISTORY,
				() -> bucket + "history must be between 1 and " + MAX_HISTORY + " but was " + history);
		Duration checkedTtl = ttl;
		Assert.isTrue(checkedTtl == null || !checkedTtl.isNegative(),
				() -> bucket + "ttl must not be negative but was " + checkedTtl);
		Assert.isTrue(maxBucketSize == -1 || maxBucketSize > 0,
				() -> bucket + "max bucket size must be positive (or -1 for no limit) but was " + maxBucketSize);
		Assert.isTrue(maxValueSize == -1 || maxValueSize > 0,
				() -> bucket + "max value size must be positive (or -1 for no limit) but was " + maxValueSize);
		Assert.isTrue(maxValueSize == -1 || maxBucketSize == -1 || maxValueSize <= maxBucketSize,
				() -> bucket + "max value size (" + maxValueSize + " bytes) must not exceed max bucket size ("
						+ maxBucketSize + " bytes): no value could be stored");
		Assert.isTrue(replicas >= 1 && replicas <= 5,
				() -> bucket + "replicas must be between 1 and 5 but was " + replicas);
		Assert.isTrue(limitMarkerTtl == null || limitMarkerTtl.compareTo(Duration.ofSeconds(1)) >= 0,
				() -> bucket + "limit marker TTL must be at least 1 second but was " + limitMarkerTtl);
		Assert.notNull(storage, () -> bucket + "storage must not be null");
		Assert.notNull(readConsistency, () -> bucket + "read consistency must not be null");
		if (ttl != null && ttl.isZero()) {
			ttl = null;
		}
		metadata = Map.copyOf(metadata);
	}

	/**
	 * A builder for a bucket with NATS' defaults: history 1, no TTL, no size limits, file storage, one replica,
	 * no compression; a TTL brings a limit marker of the same length unless one is set.
	 * @param name the bucket name
	 * @return the builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Whether values may carry their own TTL: a limit marker is set and history is 1 (with more history the
	 * server misapplies per-key TTL).
	 * @return whether per-key TTL is usable
	 */
	public boolean allowsPerKeyTtl() {
		return this.limitMarkerTtl != null && this.history == 1;
	}

	/**
	 * Builds a {@link KvBucketDefinition}.
	 */
	public static final class Builder {

		private final String name;

		private @Nullable String description;

		private int history = 1;

		private @Nullable Duration ttl;

		private long maxBucketSize = -1;

		private int maxValueSize = -1;

		private KvStorage storage = KvStorage.FILE;

		private int replicas = 1;

		private boolean compression;

		private boolean atomicWrites;

		private @Nullable Duration limitMarkerTtl;

		private boolean limitMarkerSet;

		private final Map<String, String> metadata = new LinkedHashMap<>();

		private KvReadConsistency readConsistency = KvReadConsistency.READ_YOUR_WRITES;

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Sets the description.
		 * @param description the description
		 * @return this builder
		 */
		public Builder description(@Nullable String description) {
			this.description = description;
			return this;
		}

		/**
		 * Sets how many revisions per key are kept.
		 * @param history 1 to 64
		 * @return this builder
		 */
		public Builder history(int history) {
			this.history = history;
			return this;
		}

		/**
		 * Sets how long a value lives; also sets a limit marker TTL of the same length unless one is set, so
		 * that expiries reach watchers.
		 * @param ttl the time to live, or {@code null} for ever
		 * @return this builder
		 */
		public Builder ttl(@Nullable Duration ttl) {
			this.ttl = ttl;
			return this;
		}

		/**
		 * Sets the maximum bucket size.
		 * @param bytes the size in bytes, or -1 for no limit
		 * @return this builder
		 */
		public Builder maxBucketSize(long bytes) {
			this.maxBucketSize = bytes;
			return this;
		}

		/**
		 * Sets the maximum size of one value (headers count).
		 * @param bytes the size in bytes, or -1 for no limit
		 * @return this builder
		 */
		public Builder maxValueSize(int bytes) {
			this.maxValueSize = bytes;
			return this;
		}

		/**
		 * Sets where entries are kept.
		 * @param storage file or memory
		 * @return this builder
		 */
		public Builder storage(KvStorage storage) {
			this.storage = storage;
			return this;
		}

		/**
		 * Sets how many servers keep a copy.
		 * @param replicas 1 to 5
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			this.replicas = replicas;
			return this;
		}

		/**
		 * Sets whether file storage is compressed.
		 * @param compression whether to compress
		 * @return this builder
		 */
		public Builder compression(boolean compression) {
			this.compression = compression;
			return this;
		}

		/**
		 * Sets whether the bucket accepts atomic batches of writes, which transactions commit with (nats-server
		 * 2.12+; off by default).
		 * @param atomicWrites whether atomic batches are accepted
		 * @return this builder
		 */
		public Builder atomicWrites(boolean atomicWrites) {
			this.atomicWrites = atomicWrites;
			return this;
		}

		/**
		 * Sets how long the markers the server writes on expiry live; per-key TTL needs one.
		 * @param limitMarkerTtl at least one second, or {@code null} for no markers
		 * @return this builder
		 */
		public Builder limitMarkerTtl(@Nullable Duration limitMarkerTtl) {
			this.limitMarkerTtl = limitMarkerTtl;
			this.limitMarkerSet = true;
			return this;
		}

		/**
		 * Adds metadata.
		 * @param key the metadata key
		 * @param value the value
		 * @return this builder
		 */
		public Builder metadata(String key, String value) {
			this.metadata.put(key, value);
			return this;
		}

		/**
		 * Adds metadata.
		 * @param metadata the entries
		 * @return this builder
		 */
		public Builder metadata(Map<String, String> metadata) {
			this.metadata.putAll(metadata);
			return this;
		}

		/**
		 * Sets how reads relate to this client's own writes.
		 * @param readConsistency the consistency
		 * @return this builder
		 */
		public Builder readConsistency(KvReadConsistency readConsistency) {
			this.readConsistency = readConsistency;
			return this;
		}

		/**
		 * Builds and checks the definition.
		 * @return the definition
		 * @throws IllegalArgumentException naming the bucket and the setting that is wrong
		 */
		public KvBucketDefinition build() {
			Duration marker = this.limitMarkerSet ? this.limitMarkerTtl
					: (this.ttl != null && !this.ttl.isZero()) ? atLeastOneSecond(this.ttl) : null;
			return new KvBucketDefinition(this.name, this.description, this.history, this.ttl, this.maxBucketSize,
					this.maxValueSize, this.storage, this.replicas, this.compression, this.atomicWrites, marker,
					this.metadata, this.readConsistency);
		}

		private static Duration atLeastOneSecond(Duration duration) {
			return (duration.compareTo(Duration.ofSeconds(1)) < 0) ? Duration.ofSeconds(1) : duration;
		}

	}

}
