package io.github.kvspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.kvspring.data.core.KvBucketPolicy;
import io.github.kvspring.data.core.KvStorage;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Spring Cache properties ({@code nats.kv.cache.*}): which caches exist, how their buckets are managed, and each
 * cache's settings, those under {@code defaults} applying to every cache and those under {@code caches.<name>}
 * overriding them for one.
 */
public class NatsKvCacheProperties {

	/**
	 * Whether a NATS KV cache manager is auto-configured when caching is enabled.
	 */
	private boolean enabled = true;

	/**
	 * Caches created at start-up, with their buckets; caches under 'caches' and those of Boot's
	 * 'spring.cache.cache-names' are created too.
	 */
	private List<String> cacheNames = new ArrayList<>();

	/**
	 * Whether a cache that was not named is created, with the defaults, when first asked for.
	 */
	private boolean createMissingCaches = true;

	/**
	 * What to do with cache buckets at start-up; nats.kv.bucket-management when not set.
	 */
	private @Nullable KvBucketPolicy bucketManagement;

	/**
	 * Whether puts and evictions inside a Spring-managed transaction wait for its commit.
	 */
	private boolean transactionAware;

	/**
	 * How often each near cache checks that its watch has caught up with the bucket; a watch that died silently is
	 * noticed within about twice this time.
	 */
	private Duration nearCacheCheckInterval = Duration.ofSeconds(1);

	/**
	 * Settings of every cache.
	 */
	private final Cache defaults = new Cache();

	/**
	 * Settings of single caches, by cache name, overriding the defaults.
	 */
	private Map<String, Cache> caches = new LinkedHashMap<>();

	/**
	 * Returns whether a NATS KV cache manager is auto-configured.
	 * @return the value
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Sets whether a NATS KV cache manager is auto-configured.
	 * @param enabled the new value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Returns the caches created at start-up.
	 * @return the value
	 */
	public List<String> getCacheNames() {
		return this.cacheNames;
	}

	/**
	 * Sets the caches created at start-up.
	 * @param cacheNames the new value
	 */
	public void setCacheNames(List<String> cacheNames) {
		this.cacheNames = cacheNames;
	}

	/**
	 * Returns whether caches not named are created when first asked for.
	 * @return the value
	 */
	public boolean isCreateMissingCaches() {
		return this.createMissingCaches;
	}

	/**
	 * Sets whether caches not named are created when first asked for.
	 * @param createMissingCaches the new value
	 */
	public void setCreateMissingCaches(boolean createMissingCaches) {
		this.createMissingCaches = createMissingCaches;
	}

	/**
	 * Returns what to do with cache buckets at start-up.
	 * @return the value, or {@code null} for nats.kv.bucket-management
	 */
	public @Nullable KvBucketPolicy getBucketManagement() {
		return this.bucketManagement;
	}

	/**
	 * Sets what to do with cache buckets at start-up.
	 * @param bucketManagement the new value
	 */
	public void setBucketManagement(@Nullable KvBucketPolicy bucketManagement) {
		this.bucketManagement = bucketManagement;
	}

	/**
	 * Returns whether puts and evictions wait for the commit of a transaction.
	 * @return the value
	 */
	public boolean isTransactionAware() {
		return this.transactionAware;
	}

	/**
	 * Sets whether puts and evictions wait for the commit of a transaction.
	 * @param transactionAware the new value
	 */
	public void setTransactionAware(boolean transactionAware) {
		this.transactionAware = transactionAware;
	}

	/**
	 * Returns how often each near cache checks its watch.
	 * @return the value
	 */
	public Duration getNearCacheCheckInterval() {
		return this.nearCacheCheckInterval;
	}

	/**
	 * Sets how often each near cache checks its watch.
	 * @param nearCacheCheckInterval the new value
	 */
	public void setNearCacheCheckInterval(Duration nearCacheCheckInterval) {
		this.nearCacheCheckInterval = nearCacheCheckInterval;
	}

	/**
	 * Returns the settings of every cache.
	 * @return the value
	 */
	public Cache getDefaults() {
		return this.defaults;
	}

	/**
	 * Returns the settings of single caches.
	 * @return the value
	 */
	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	/**
	 * Sets the settings of single caches.
	 * @param caches the new value
	 */
	public void setCaches(Map<String, Cache> caches) {
		this.caches = caches;
	}

	/**
	 * The settings of one cache, or of every cache; those not set leave the configuration they apply to as it is.
	 */
	public static class Cache {

		/**
		 * How long entries live; none when not set.
		 */
		private @Nullable Duration ttl;

		/**
		 * Whether null values are cached.
		 */
		private @Nullable Boolean cacheNullValues;

		/**
		 * Bucket of the cache's own; cache-<name> when neither this nor shared-bucket is set. Per cache only.
		 */
		private @Nullable String bucket;

		/**
		 * Bucket shared with other caches, each key prefixed with its cache's name.
		 */
		private @Nullable String sharedBucket;

		/**
		 * Where a created cache bucket keeps its entries.
		 */
		private @Nullable KvStorage storage;

		/**
		 * How many servers keep a copy of a created cache bucket.
		 */
		private @Nullable Integer replicas;

		/**
		 * Most bytes a created cache bucket holds; no limit when not set.
		 */
		private @Nullable DataSize maxBucketSize;

		/**
		 * The near cache: a bounded local copy kept coherent by a watch.
		 */
		private final NearCache nearCache = new NearCache();

		/**
		 * Returns how long entries live.
		 * @return the value
		 */
		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		/**
		 * Sets how long entries live.
		 * @param ttl the new value
		 */
		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		/**
		 * Returns whether null values are cached.
		 * @return the value
		 */
		public @Nullable Boolean getCacheNullValues() {
			return this.cacheNullValues;
		}

		/**
		 * Sets whether null values are cached.
		 * @param cacheNullValues the new value
		 */
		public void setCacheNullValues(@Nullable Boolean cacheNullValues) {
			this.cacheNullValues = cacheNullValues;
		}

		/**
		 * Returns the bucket of the cache's own.
		 * @return the value
		 */
		public @Nullable String getBucket() {
			return this.bucket;
		}

		/**
		 * Sets the bucket of the cache's own.
		 * @param bucket the new value
		 */
		public void setBucket(@Nullable String bucket) {
			this.bucket = bucket;
		}

		/**
		 * Returns the bucket shared with other caches.
		 * @return the value
		 */
		public @Nullable String getSharedBucket() {
			return this.sharedBucket;
		}

		/**
		 * Sets the bucket shared with other caches.
		 * @param sharedBucket the new value
		 */
		public void setSharedBucket(@Nullable String sharedBucket) {
			this.sharedBucket = sharedBucket;
		}

		/**
		 * Returns where a created cache bucket keeps its entries.
		 * @return the value
		 */
		public @Nullable KvStorage getStorage() {
			return this.storage;
		}

		/**
		 * Sets where a created cache bucket keeps its entries.
		 * @param storage the new value
		 */
		public void setStorage(@Nullable KvStorage storage) {
			this.storage = storage;
		}

		/**
		 * Returns how many servers keep a copy of a created cache bucket.
		 * @return the value
		 */
		public @Nullable Integer getReplicas() {
			return this.replicas;
		}

		/**
		 * Sets how many servers keep a copy of a created cache bucket.
		 * @param replicas the new value
		 */
		public void setReplicas(@Nullable Integer replicas) {
			this.replicas = replicas;
		}

		/**
		 * Returns the most bytes a created cache bucket holds.
		 * @return the value
		 */
		public @Nullable DataSize getMaxBucketSize() {
			return this.maxBucketSize;
		}

		/**
		 * Sets the most bytes a created cache bucket holds.
		 * @param maxBucketSize the new value
		 */
		public void setMaxBucketSize(@Nullable DataSize maxBucketSize) {
			this.maxBucketSize = maxBucketSize;
		}

		/**
		 * Returns the near cache settings.
		 * @return the value
		 */
		public NearCache getNearCache() {
			return this.nearCache;
		}

	}

	/**
	 * Near cache settings.
	 */
	public static class NearCache {

		/**
		 * Whether the cache has a near cache.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Most entries the near cache keeps; 10000 when not set.
		 */
		private @Nullable Long maximumSize;

		/**
		 * Returns whether the cache has a near cache.
		 * @return the value
		 */
		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		/**
		 * Sets whether the cache has a near cache.
		 * @param enabled the new value
		 */
		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Returns the most entries the near cache keeps.
		 * @return the value
		 */
		public @Nullable Long getMaximumSize() {
			return this.maximumSize;
		}

		/**
		 * Sets the most entries the near cache keeps.
		 * @param maximumSize the new value
		 */
		public void setMaximumSize(@Nullable Long maximumSize) {
			this.maximumSize = maximumSize;
		}

	}

}
