package io.github.kvspring.autoconfigure.cache;

import io.github.kvspring.autoconfigure.InvalidNatsPropertyException;
import io.github.kvspring.autoconfigure.NatsKvCacheProperties;
import io.github.kvspring.data.cache.KvCacheConfiguration;

/**
 * Applies the cache settings of {@code nats.kv.cache.*} to cache configurations: each setting that is set changes
 * the configuration, the others leave it as it is.
 */
final class NatsKvCacheConfigurations {

	private static final long DEFAULT_NEAR_CACHE_SIZE = 10_000;

	private NatsKvCacheConfigurations() {
	}

	/**
	 * The configuration with the settings applied.
	 * @param settings the settings of one cache, or of every cache
	 * @param configuration the configuration to start from
	 * @param property the property prefix of the settings, for errors
	 * @throws InvalidNatsPropertyException naming the property whose value cannot be used
	 */
	static KvCacheConfiguration apply(NatsKvCacheProperties.Cache settings, KvCacheConfiguration configuration,
			String property) {
		if (settings.getBucket() != null && settings.getSharedBucket() != null) {
			throw new InvalidNatsPropertyException(property + ".bucket",
					"a cache has a bucket of its own or a shared bucket, not both (shared-bucket is set too)");
		}
		KvCacheConfiguration applied = configuration;
		try {
			if (settings.getTtl() != null) {
				applied = applied.entryTtl(settings.getTtl());
			}
			if (Boolean.FALSE.equals(settings.getCacheNullValues())) {
				applied = applied.disableCachingNullValues();
			}
			if (settings.getBucket() != null) {
				applied = applied.bucket(settings.getBucket());
			}
			if (settings.getSharedBucket() != null) {
				applied = applied.sharedBucket(settings.getSharedBucket());
			}
			if (settings.getStorage() != null) {
				applied = applied.storage(settings.getStorage());
			}
			if (settings.getReplicas() != null) {
				applied = applied.replicas(settings.getReplicas());
			}
			if (settings.getMaxBucketSize() != null) {
				applied = applied.maxBucketSize(settings.getMaxBucketSize().toBytes());
			}
			return nearCache(settings.getNearCache(), applied);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidNatsPropertyException(property, String.valueOf(ex.getMessage()));
		}
	}

	private static KvCacheConfiguration nearCache(NatsKvCacheProperties.NearCache settings,
			KvCacheConfiguration configuration) {
		if (Boolean.FALSE.equals(settings.getEnabled())) {
			return configuration.disableNearCache();
		}
		long current = configuration.getNearCacheMaximumSize();
		if (!Boolean.TRUE.equals(settings.getEnabled()) && current == 0) {
			return configuration;
		}
		Long size = settings.getMaximumSize();
		return configuration.enableNearCache((size != null) ? size : (current > 0) ? current : DEFAULT_NEAR_CACHE_SIZE);
	}

}
