package io.github.kvspring.data.cache;

import java.time.Duration;

import io.github.kvspring.data.convert.KvValueConverter;
import io.github.kvspring.data.core.InvalidBucketNameException;
import io.github.kvspring.data.core.KvBucketDefinition;
import io.github.kvspring.data.core.KvKeys;
import io.github.kvspring.data.core.KvStorage;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.Assert;

/**
 * The settings of one cache, immutable: each {@code with…}-style method returns a changed copy. Start from
 * {@link #defaultCacheConfig()}.
 * <p>
 * Where entries live: by default in a bucket of the cache's own, {@code cache-<name>}; {@link #bucket(String)}
 * names it, and {@link #sharedBucket(String)} puts several caches in one bucket, each key prefixed with its cache's
 * name. Buckets the cache manager creates keep one revision per key and write a marker when an entry expires, so
 * that per-entry TTL is allowed and every expiry reaches the near caches; a cache with a bucket of its own and a
 * fixed {@link #entryTtl(Duration) TTL} gives the bucket that TTL.
 */
public final class KvCacheConfiguration {

	/**
	 * How long the markers that the server writes when an entry expires live in the cache buckets created.
	 */
	static final Duration EXPIRY_MARKER_TTL = Duration.ofMinutes(1);

	private static final String DEFAULT_BUCKET_PREFIX = "cache-";

	private final KvCacheTtlFunction ttlFunction;

	private final boolean cacheNullValues;

	private final KvValueConverter valueConverter;

	private final ConversionService conversionService;

	private final @Nullable String bucket;

	private final boolean sharedBucket;

	private final long nearCacheMaximumSize;

	private final KvStorage storage;

	private final int replicas;

	private final long maxBucketSize;

	private KvCacheConfiguration(KvCacheTtlFunction ttlFunction, boolean cacheNullValues, KvValueConverter valueConverter,
			ConversionService conversionService, @Nullable String bucket, boolean sharedBucket, long nearCacheMaximumSize,
			KvStorage storage, int replicas, long maxBucketSize) {
		this.ttlFunction = ttlFunction;
		this.cacheNullValues = cacheNullValues;
		this.valueConverter = valueConverter;
		this.conversionService = conversionService;
		this.bucket = bucket;
		this.sharedBucket = sharedBucket;
		this.nearCacheMaximumSize = nearCacheMaximumSize;
		this.storage = storage;
		this.replicas = replicas;
		this.maxBucketSize = maxBucketSize;
	}

	/**
	 * The defaults: no TTL, {@code null} values cached, JSON with type information
	 * ({@link KvCacheValueConverters#json()}), keys turned into text by Spring's default conversion service, a bucket
	 * of the cache's own on file storage with one replica and no size limit, no near cache.
	 * @return the default configuration
	 */
	public static KvCacheConfiguration defaultCacheConfig() {
		return new KvCacheConfiguration(KvCacheTtlFunction.persistent(), true, KvCacheValueConverters.json(),
				DefaultConversionService.getSharedInstance(), null, false, 0, KvStorage.FILE, 1, -1);
	}

	/**
	 * The same time to live for every entry.
	 * @param ttl at least one second, or zero for none
	 * @return a new configuration
	 */
	public KvCacheConfiguration entryTtl(Duration ttl) {
		return entryTtl(KvCacheTtlFunction.just(ttl));
	}

	/**
	 * A time to live decided for each entry by its key and value (a per-key TTL, which the cache's bucket allows
	 * when the cache manager creates it).
	 * @param ttlFunction the function
	 * @return a new configuration
	 */
	public KvCacheConfiguration entryTtl(KvCacheTtlFunction ttlFunction) {
		Assert.notNull(ttlFunction, "'ttlFunction' must not be null");
		return new KvCacheConfiguration(ttlFunction, this.cacheNullValues, this.valueConverter, this.conversionService,
				this.bucket, this.sharedBucket, this.nearCacheMaximumSize, this.storage, this.replicas, this.maxBucketSize);
	}

	/**
	 * Refuses {@code null} values: putting one fails, and a method returning {@code null} is not cached.
	 * @return a new configuration
	 */
	public KvCacheConfiguration disableCachingNullValues() {
		return new KvCacheConfiguration(this.ttlFunction, false, this.valueConverter, this.conversionService, this.bucket,
				this.sharedBucket, this.nearCacheMaximumSize, this.storage, this.replicas, this.maxBucketSize);
	}

	/**
	 * The converter between values and stored bytes; it must read a value back as its own type when asked for
	 * {@code Object} (as {@link KvCacheValueConverters#json()} does).
	 * @param valueConverter the converter
	 * @return a new configuration
	 */
	public KvCacheConfiguration valueConverter(KvValueConverter valueConverter) {
		Assert.notNull(valueConverter, "'valueConverter' must not be null");
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, valueConverter, this.conversionService,
				this.bucket, this.sharedBucket, this.nearCacheMaximumSize, this.storage, this.replicas, this.maxBucketSize);
	}

	/**
	 * The conversion service that turns keys other than strings into text (keys without a converter use their own
	 * {@code toString()}).
	 * @param conversionService the conversion service
	 * @return a new configuration
	 */
	public KvCacheConfiguration withConversionService(ConversionService conversionService) {
		Assert.notNull(conversionService, "'conversionService' must not be null");
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter, conversionService,
				this.bucket, this.sharedBucket, this.nearCacheMaximumSize, this.storage, this.replicas, this.maxBucketSize);
	}

	/**
	 * Keeps the cache in a bucket of its own with this name.
	 * @param bucket the bucket name
	 * @return a new configuration
	 */
	public KvCacheConfiguration bucket(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, bucket, false, this.nearCacheMaximumSize, this.storage, this.replicas,
				this.maxBucketSize);
	}

	/**
	 * Keeps the cache in a bucket that other caches share, each key prefixed with the cache's name.
	 * @param bucket the bucket name
	 * @return a new configuration
	 */
	public KvCacheConfiguration sharedBucket(String bucket) {
		KvKeys.requireValidBucketName(bucket);
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, bucket, true, this.nearCacheMaximumSize, this.storage, this.replicas,
				this.maxBucketSize);
	}

	/**
	 * Puts a near cache in front of the bucket: a bounded local copy of the entries this application read or wrote,
	 * kept coherent by a watch of the cache's keys (any application's put, evict, clear or expiry removes the local
	 * entry), and bypassed while that watch cannot be trusted.
	 * @param maximumSize the most entries kept locally
	 * @return a new configuration
	 */
	public KvCacheConfiguration enableNearCache(long maximumSize) {
		Assert.isTrue(maximumSize > 0, () -> "The near cache's maximum size must be positive but was " + maximumSize);
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, this.bucket, this.sharedBucket, maximumSize, this.storage, this.replicas,
				this.maxBucketSize);
	}

	/**
	 * Turns the near cache off.
	 * @return a new configuration
	 */
	public KvCacheConfiguration disableNearCache() {
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, this.bucket, this.sharedBucket, 0, this.storage, this.replicas, this.maxBucketSize);
	}

	/**
	 * Where a bucket the cache manager creates keeps its entries.
	 * @param storage file or memory
	 * @return a new configuration
	 */
	public KvCacheConfiguration storage(KvStorage storage) {
		Assert.notNull(storage, "'storage' must not be null");
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, this.bucket, this.sharedBucket, this.nearCacheMaximumSize, storage, this.replicas,
				this.maxBucketSize);
	}

	/**
	 * How many servers keep a copy of a bucket the cache manager creates.
	 * @param replicas 1 to 5
	 * @return a new configuration
	 */
	public KvCacheConfiguration replicas(int replicas) {
		Assert.isTrue(replicas >= 1 && replicas <= 5, () -> "'replicas' must be between 1 and 5 but was " + replicas);
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, this.bucket, this.sharedBucket, this.nearCacheMaximumSize, this.storage, replicas,
				this.maxBucketSize);
	}

	/**
	 * The most bytes a bucket the cache manager creates holds; when full, new keys are refused (overwrites,
	 * evictions and clears still work).
	 * @param bytes the size in bytes, or -1 for no limit
	 * @return a new configuration
	 */
	public KvCacheConfiguration maxBucketSize(long bytes) {
		Assert.isTrue(bytes == -1 || bytes > 0, () -> "'maxBucketSize' must be positive or -1 but was " + bytes);
		return new KvCacheConfiguration(this.ttlFunction, this.cacheNullValues, this.valueConverter,
				this.conversionService, this.bucket, this.sharedBucket, this.nearCacheMaximumSize, this.storage,
				this.replicas, bytes);
	}

	/**
	 * How long entries live.
	 * @return the TTL function
	 */
	public KvCacheTtlFunction getTtlFunction() {
		return this.ttlFunction;
	}

	/**
	 * Whether {@code null} values are cached.
	 * @return whether they are
	 */
	public boolean getAllowCacheNullValues() {
		return this.cacheNullValues;
	}

	/**
	 * The value converter.
	 * @return the converter
	 */
	public KvValueConverter getValueConverter() {
		return this.valueConverter;
	}

	/**
	 * The conversion service for keys.
	 * @return the conversion service
	 */
	public ConversionService getConversionService() {
		return this.conversionService;
	}

	/**
	 * The bucket of a cache with this configuration.
	 * @param cacheName the cache name
	 * @return the bucket set, or {@code cache-<name>}
	 * @throws IllegalArgumentException if no bucket is set and the cache name makes no valid bucket name
	 */
	public String getBucket(String cacheName) {
		if (this.bucket != null) {
			return this.bucket;
		}
		String bucket = DEFAULT_BUCKET_PREFIX + cacheName;
		try {
			return KvKeys.requireValidBucketName(bucket);
		}
		catch (InvalidBucketNameException ex) {
			throw new IllegalArgumentException("Cache '" + cacheName + "' has no bucket set and '" + bucket
					+ "' is not a valid bucket name (" + ex.getMessage() + "); set one with bucket(…) or sharedBucket(…)",
					ex);
		}
	}

	/**
	 * Whether the bucket is shared with other caches, each key prefixed with its cache's name.
	 * @return whether keys are prefixed
	 */
	public boolean isSharedBucket() {
		return this.sharedBucket;
	}

	/**
	 * How many entries the near cache keeps.
	 * @return the maximum size, 0 when there is no near cache
	 */
	public long getNearCacheMaximumSize() {
		return this.nearCacheMaximumSize;
	}

	/**
	 * Where a created bucket keeps its entries.
	 * @return the storage
	 */
	public KvStorage getStorage() {
		return this.storage;
	}

	/**
	 * How many servers keep a copy of a created bucket.
	 * @return the replicas
	 */
	public int getReplicas() {
		return this.replicas;
	}

	/**
	 * The most bytes a created bucket holds.
	 * @return the size, or -1 for no limit
	 */
	public long getMaxBucketSize() {
		return this.maxBucketSize;
	}

	/**
	 * The bucket a cache with this configuration needs: one revision per key, expiry markers, and for a bucket of
	 * the cache's own with a fixed TTL, that TTL.
	 */
	KvBucketDefinition bucketDefinition(String cacheName) {
		Duration bucketTtl = (!this.sharedBucket && this.ttlFunction instanceof KvCacheTtlFunction.Fixed fixed
				&& !fixed.ttl().isZero()) ? fixed.ttl() : null;
		return KvBucketDefinition.builder(getBucket(cacheName))
			.description(this.sharedBucket ? "Spring caches" : "Spring cache '" + cacheName + "'")
			.history(1)
			.ttl(bucketTtl)
			.limitMarkerTtl(EXPIRY_MARKER_TTL)
			.storage(this.storage)
			.replicas(this.replicas)
			.maxBucketSize(this.maxBucketSize)
			.build();
	}

}
