package io.github.kvspring.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.github.kvspring.autoconfigure.InvalidNatsPropertyException;
import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.metrics.NatsMetricsAutoConfiguration;
import io.github.kvspring.data.cache.KvCache;
import io.github.kvspring.data.cache.KvCacheConfiguration;
import io.github.kvspring.data.cache.KvCacheManager;
import io.github.kvspring.data.cache.KvCacheTtlFunction;
import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.data.core.KvStorage;
import io.github.kvspring.metrics.NatsKvCacheMeterBinderProvider;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.transaction.TransactionAwareCacheDecorator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cache auto-configuration against a real server: when it applies, what its properties do, the customizers
 * and meters it honours, and two applications sharing a cache with near caches.
 */
@WithNatsServer
class NatsKvCacheAutoConfigurationTests {

	private final ApplicationContextRunner runner;

	NatsKvCacheAutoConfigurationTests(NatsServer server) {
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
					NatsKvCacheAutoConfiguration.class, CacheAutoConfiguration.class))
			.withPropertyValues("nats.servers=" + server.url());
	}

	@Test
	void whenCachingIsEnabledThenTheCacheManagerIsNatsKvWithThePropertyCaches() {
		String flags = UniqueNames.bucket("flags");
		String evaluations = UniqueNames.bucket("evaluations");
		String shared = UniqueNames.bucket("caches");
		this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("nats.kv.cache.cache-names=" + flags, "nats.kv.cache.defaults.ttl=10m",
					"nats.kv.cache.defaults.storage=memory",
					"nats.kv.cache.caches." + evaluations + ".shared-bucket=" + shared,
					"nats.kv.cache.caches." + evaluations + ".ttl=30s",
					"nats.kv.cache.caches." + evaluations + ".cache-null-values=false",
					"nats.kv.cache.caches." + evaluations + ".near-cache.enabled=true",
					"nats.kv.cache.caches." + evaluations + ".near-cache.maximum-size=500",
					"nats.kv.cache.create-missing-caches=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheManager.class).hasSingleBean(KvCacheManager.class);
				KvCacheManager manager = context.getBean(KvCacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder(flags, evaluations);
				assertThat(manager.getCache("other")).isNull();
				KvCache flagCache = (KvCache) manager.getCache(flags);
				assertThat(flagCache.getBucket()).isEqualTo("cache-" + flags);
				assertThat(flagCache.getCacheConfiguration().getTtlFunction())
					.isEqualTo(KvCacheTtlFunction.just(Duration.ofMinutes(10)));
				assertThat(flagCache.getCacheConfiguration().getStorage()).isEqualTo(KvStorage.MEMORY);
				assertThat(flagCache.getNearCacheSize()).isNull();
				KvCacheConfiguration evaluation = manager.getCacheConfigurations().get(evaluations);
				assertThat(evaluation.getBucket(evaluations)).isEqualTo(shared);
				assertThat(evaluation.isSharedBucket()).isTrue();
				assertThat(evaluation.getTtlFunction()).isEqualTo(KvCacheTtlFunction.just(Duration.ofSeconds(30)));
				assertThat(evaluation.getAllowCacheNullValues()).isFalse();
				assertThat(evaluation.getNearCacheMaximumSize()).isEqualTo(500);
				assertThat(evaluation.getStorage()).isEqualTo(KvStorage.MEMORY);
				Cache cache = manager.getCache(evaluations);
				cache.put("rule", "on");
				assertThat(context.getBean(KeyValueTemplate.class).keys(shared)).containsExactly(evaluations + ".rule");
			});
	}

	@Test
	void whenBootsCacheNamesAreSetThenThoseCachesAreCreatedToo() {
		String ours = UniqueNames.bucket("ours");
		String boots = UniqueNames.bucket("boots");
		this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("nats.kv.cache.cache-names=" + ours, "spring.cache.cache-names=" + boots + "," + ours,
					"nats.kv.cache.create-missing-caches=false")
			.run((context) -> assertThat(context.getBean(KvCacheManager.class).getCacheNames())
				.containsExactlyInAnyOrder(ours, boots));
	}

	@Test
	void whenCachingIsNotEnabledThenThereIsNoCacheManager() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class));
	}

	@Test
	void whenSpringCacheTypeIsSetThenBootChoosesTheCache() {
		this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("spring.cache.type=simple")
			.run((context) -> assertThat(context).hasSingleBean(ConcurrentMapCacheManager.class)
				.doesNotHaveBean(KvCacheManager.class));
	}

	@Test
	void whenDisabledThenBootChoosesTheCache() {
		this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("nats.kv.cache.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(ConcurrentMapCacheManager.class)
				.doesNotHaveBean(KvCacheManager.class));
	}

	@Test
	void whenApplicationHasACacheManagerThenItIsKept() {
		this.runner.withUserConfiguration(CachingApplication.class, OwnCacheManager.class)
			.run((context) -> assertThat(context).hasSingleBean(CacheManager.class)
				.hasBean("ownCacheManager")
				.doesNotHaveBean(KvCacheManager.class));
	}

	@Test
	void whenBootsCacheModuleIsAbsentThenThereIsNoNatsKvCacheManager() {
		this.runner.withUserConfiguration(CachingApplication.class)
			.withClassLoader(new FilteredClassLoader(CacheManagerCustomizer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KvCacheManager.class));
	}

	@Test
	void whenCustomizersAndAConfigurationBeanExistThenTheyAreApplied() {
		String name = UniqueNames.bucket("customized");
		this.runner.withUserConfiguration(CachingApplication.class, Customizers.class)
			.withPropertyValues("nats.kv.cache.transaction-aware=true", "nats.kv.cache.cache-names=" + name)
			.run((context) -> {
				KvCacheManager manager = context.getBean(KvCacheManager.class);
				assertThat(manager.isTransactionAware()).isTrue();
				assertThat(manager.getCache(name)).isInstanceOf(TransactionAwareCacheDecorator.class);
				assertThat(manager.getDefaultCacheConfiguration().getAllowCacheNullValues()).isFalse();
				assertThat(manager.getCacheConfigurations()).containsKey("from-builder-customizer");
				assertThat(context.getBean(Customizers.class).customized).containsExactly(manager);
			});
	}

	@Test
	void whenDefaultsNameABucketOfTheirOwnThenStartUpFailsNamingTheProperty() {
		this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("nats.kv.cache.defaults.bucket=everyone")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidNatsPropertyException.class)
				.hasMessageContaining("nats.kv.cache.defaults.bucket"));
	}

	@Test
	void whenCacheHasBothBucketsThenStartUpFailsNamingTheProperty() {
		String name = UniqueNames.bucket("both");
		this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("nats.kv.cache.caches." + name + ".bucket=mine",
					"nats.kv.cache.caches." + name + ".shared-bucket=ours")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidNatsPropertyException.class)
				.hasMessageContaining("nats.kv.cache.caches." + name + ".bucket"));
	}

	@Test
	void whenMetricsArePresentThenBootsCacheMetersCountTheCache() {
		String name = UniqueNames.bucket("metered");
		this.runner.withUserConfiguration(CachingApplication.class, MeterRegistryConfiguration.class)
			.withConfiguration(AutoConfigurations.of(NatsMetricsAutoConfiguration.class,
					CacheMetricsAutoConfiguration.class))
			.withPropertyValues("nats.kv.cache.cache-names=" + name,
					"nats.kv.cache.caches." + name + ".near-cache.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(NatsKvCacheMeterBinderProvider.class);
				Cache cache = context.getBean(CacheManager.class).getCache(name);
				cache.get("missing");
				cache.put("present", 1);
				cache.get("present");
				cache.evict("present");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("cache.gets").tag("cache", name).tag("result", "miss").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("cache.gets").tag("cache", name).tag("result", "hit").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("cache.puts").tag("cache", name).functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cache.evictions").tag("cache", name).functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cache.near.hits").tag("cache", name).functionCounter().count()).isEqualTo(1);
				assertThat(registry.get("cache.near.size").tag("cache", name).gauge().value()).isZero();
			});
	}

	@Test
	void whenTwoApplicationsShareACacheThenEachSeesTheOthersPutsEvictionsAndClearsInItsNearCache() {
		String name = UniqueNames.bucket("shared-near");
		ApplicationContextRunner application = this.runner.withUserConfiguration(CachingApplication.class)
			.withPropertyValues("nats.kv.cache.cache-names=" + name, "nats.kv.cache.defaults.near-cache.enabled=true");
		application.run((first) -> application.run((second) -> {
			KvCache one = (KvCache) first.getBean(CacheManager.class).getCache(name);
			KvCache two = (KvCache) second.getBean(CacheManager.class).getCache(name);
			one.put("flag", "on");
			assertThat(two.get("flag").get()).isEqualTo("on");
			long nearHits = two.getStatistics().getNearCacheHits();
			assertThat(two.get("flag").get()).isEqualTo("on");
			assertThat(two.getStatistics().getNearCacheHits()).isEqualTo(nearHits + 1);

			List<Long> lags = new ArrayList<>();
			lags.add(lag(two, () -> one.put("flag", "off")));
			assertThat(two.get("flag").get()).isEqualTo("off");
			lags.add(lag(two, () -> one.evict("flag")));
			assertThat(two.get("flag")).isNull();
			one.put("flag", "on");
			two.get("flag");
			lags.add(lag(two, one::clear));
			assertThat(two.get("flag")).isNull();
			for (int i = 0; i < 50; i++) {
				one.put("flag", i);
				two.get("flag");
				int value = i + 1;
				lags.add(lag(two, () -> one.put("flag", value)));
			}
			Collections.sort(lags);
			System.out.println(String.format(Locale.ROOT,
					"Near-cache invalidation across two application contexts over %d changes: p50 %.2f ms, max %.2f ms",
					lags.size(), lags.get(lags.size() / 2) / 1e6, lags.get(lags.size() - 1) / 1e6));
		}));
	}

	/**
	 * Runs a change in one application and returns how long until the other's near cache dropped an entry for it.
	 */
	private static long lag(KvCache observer, Runnable change) {
		long invalidations = observer.getStatistics().getNearCacheInvalidations();
		long start = System.nanoTime();
		change.run();
		long deadline = start + Duration.ofSeconds(5).toNanos();
		while (observer.getStatistics().getNearCacheInvalidations() == invalidations) {
			assertThat(System.nanoTime()).as("invalidation within 5 s").isLessThan(deadline);
			Thread.onSpinWait();
		}
		return System.nanoTime() - start;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCacheManager {

		@Bean
		CacheManager ownCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		final List<KvCacheManager> customized = new ArrayList<>();

		@Bean
		KvCacheConfiguration kvCacheConfiguration() {
			return KvCacheConfiguration.defaultCacheConfig().disableCachingNullValues();
		}

		@Bean
		NatsKvCacheManagerBuilderCustomizer builderCustomizer() {
			return (builder) -> builder.withCacheConfiguration("from-builder-customizer",
					KvCacheConfiguration.defaultCacheConfig().sharedBucket("customized-caches"));
		}

		@Bean
		CacheManagerCustomizer<KvCacheManager> cacheManagerCustomizer() {
			return this.customized::add;
		}

		@Bean
		CacheManagerCustomizer<ConcurrentMapCacheManager> otherCacheManagerCustomizer() {
			return (manager) -> {
				throw new IllegalStateException("not for this cache manager");
			};
		}

	}

}
