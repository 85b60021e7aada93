package io.github.kvspring.autoconfigure.cache;

import io.github.kvspring.data.cache.KvCacheManager;

/**
 * Customizes the auto-configured {@link KvCacheManager}'s builder after the {@code nats.kv.cache.*} properties are
 * applied: to give caches configurations that properties cannot express (a TTL function, another value converter),
 * for example. Beans of this type are applied in order.
 */
@FunctionalInterface
public interface NatsKvCacheManagerBuilderCustomizer {

	/**
	 * Customizes the builder.
	 * @param builder the builder
	 */
	void customize(KvCacheManager.Builder builder);

}
