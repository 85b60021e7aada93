package io.github.kvspring.autoconfigure.cache;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.kvspring.autoconfigure.InvalidNatsPropertyException;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvCacheProperties;
import io.github.kvspring.autoconfigure.NatsKvProperties;
import io.github.kvspring.data.cache.KvCacheConfiguration;
import io.github.kvspring.data.cache.KvCacheManager;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvBucketPolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configures a {@link KvCacheManager} on the {@link KeyValueTemplate}'s connection when caching is enabled
 * ({@code @EnableCaching}) and the application has no cache manager of its own, before Spring Boot's cache
 * auto-configuration, which then backs off, as it does for Redis. It steps aside when {@code spring.cache.type} chooses
 * a cache of Boot's, or with {@code nats.kv.cache.enabled=false}.
 * <p>
 * The caches and their settings come from {@code nats.kv.cache.*} (Boot's {@code spring.cache.cache-names} adds
 * caches too); the defaults start from the only
 * {@link KvCacheConfiguration} bean when there is one. {@link NatsKvCacheManagerBuilderCustomizer} beans then
 * customize the builder, and Boot's {@link CacheManagerCustomizer} beans the cache manager. Spring Boot's cache
 * metrics bind the caches' meters (see {@code NatsMetricsAutoConfiguration}).
 */
@AutoConfiguration(after = NatsKvAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ CacheManager.class, KvCacheManager.class, CacheManagerCustomizer.class })
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnSingleCandidate(KeyValueTemplate.class)
@ConditionalOnBooleanProperty(name = "nats.kv.cache.enabled", matchIfMissing = true)
@Conditional(NatsKvCacheAutoConfiguration.OnNoCacheTypeChosen.class)
public final class NatsKvCacheAutoConfiguration {

	private static final String PREFIX = "nats.kv.cache";

	@Bean
	KvCacheManager cacheManager(KeyValueTemplate template, NatsKvProperties properties,
			ObjectProvider<KvCacheConfiguration> configuration,
			ObjectProvider<NatsKvCacheManagerBuilderCustomizer> builderCustomizers,
			ObjectProvider<CacheManagerCustomizer<?>> cacheManagerCustomizers, Environment environment) {
		NatsKvCacheProperties cache = properties.getCache();
		if (cache.getDefaults().getBucket() != null) {
			throw new InvalidNatsPropertyException(PREFIX + ".defaults.bucket", "every cache would have the same "
					+ "bucket of its own; set shared-bucket to share one bucket, or bucket under caches.<name>");
		}
		KvCacheConfiguration defaults = NatsKvCacheConfigurations.apply(cache.getDefaults(),
				configuration.getIfAvailable(KvCacheConfiguration::defaultCacheConfig), PREFIX + ".defaults");
		KvBucketPolicy bucketPolicy = (cache.getBucketManagement() != null) ? cache.getBucketManagement()
				: properties.getBucketManagement();
		KvCacheManager.Builder builder = KvCacheManager.builder(template)
			.cacheDefaults(defaults)
			.bucketPolicy(bucketPolicy)
			.nearCacheCheckInterval(cache.getNearCacheCheckInterval())
			.initialCacheNames(cacheNames(cache, environment));
		for (Map.Entry<String, NatsKvCacheProperties.Cache> named : cache.getCaches().entrySet()) {
			builder.withCacheConfiguration(named.getKey(),
					NatsKvCacheConfigurations.apply(named.getValue(), defaults, PREFIX + ".caches." + named.getKey()));
		}
		if (!cache.isCreateMissingCaches()) {
			builder.disableCreateOnMissingCache();
		}
		if (cache.isTransactionAware()) {
			builder.transactionAware();
		}
		builderCustomizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new CacheManagerCustomizers(cacheManagerCustomizers.orderedStream().toList()).customize(builder.build());
	}

	/**
	 * The caches to create up front: those of {@code nats.kv.cache.cache-names} and of Boot's own
	 * {@code spring.cache.cache-names}, which every Boot cache provider honours.
	 */
	private static List<String> cacheNames(NatsKvCacheProperties cache, Environment environment) {
		Set<String> names = new LinkedHashSet<>(cache.getCacheNames());
		names.addAll(Binder.get(environment)
			.bind("spring.cache.cache-names", Bindable.listOf(String.class))
			.orElse(List.of()));
		return List.copyOf(names);
	}

	/**
	 * Matches unless {@code spring.cache.type} is set, which leaves the choice to Spring Boot's cache
	 * auto-configuration.
	 */
	static final class OnNoCacheTypeChosen extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String type = context.getEnvironment().getProperty("spring.cache.type");
			return (type == null || type.isBlank()) ? ConditionOutcome.match("spring.cache.type is not set")
					: ConditionOutcome.noMatch("spring.cache.type is '" + type + "'");
		}

	}

}
