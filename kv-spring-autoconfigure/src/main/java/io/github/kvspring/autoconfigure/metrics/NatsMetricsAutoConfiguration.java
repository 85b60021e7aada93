package io.github.kvspring.autoconfigure.metrics;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.data.cache.KvCache;
import io.github.kvspring.data.entity.KvEntityTemplate;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.github.kvspring.metrics.NatsConnectionMetrics;
import io.github.kvspring.metrics.NatsKvCacheMeterBinderProvider;
import io.github.kvspring.metrics.NatsKvIndexMetrics;
import io.github.kvspring.metrics.NatsKvListenerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the meters of every connection (tagged {@code name} with its bean name) when Micrometer is
 * present, the meters of every listener
 * ({@code nats.kv.listener.lag} and {@code nats.kv.listener.recoveries}) when there is a listener registry, and
 * those of every {@code @KvIndexed} index ({@code nats.kv.index.*}) once first used, and the provider of the NATS KV
 * caches' meters to Spring Boot's cache metrics.
 */
@AutoConfiguration(after = { NatsAutoConfiguration.class, NatsKvAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, Connection.class })
@ConditionalOnBean(Connection.class)
public final class NatsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsConnectionMetrics natsConnectionMetrics(ListableBeanFactory beanFactory) {
		// Every connection, the application's own second ones (not default candidates) included.
		return new NatsConnectionMetrics(beanFactory.getBeansOfType(Connection.class));
	}

	/**
	 * The listeners' meters, when listener processing is on.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KvListenerEndpointRegistry.class)
	@ConditionalOnSingleCandidate(KvListenerEndpointRegistry.class)
	static class ListenerMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NatsKvListenerMetrics natsKvListenerMetrics(KvListenerEndpointRegistry listeners) {
			return new NatsKvListenerMetrics(listeners);
		}

	}

	/**
	 * The provider Spring Boot's cache metrics take the meters of each NATS KV cache from.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ KvCache.class, CacheMeterBinderProvider.class })
	static class CacheMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NatsKvCacheMeterBinderProvider natsKvCacheMeterBinderProvider() {
			return new NatsKvCacheMeterBinderProvider();
		}

	}

	/**
	 * The meters of the entity template's {@code @KvIndexed} indexes.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(KvEntityTemplate.class)
	@ConditionalOnSingleCandidate(KvEntityTemplate.class)
	static class IndexMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		NatsKvIndexMetrics natsKvIndexMetrics(KvEntityTemplate entityTemplate) {
			return new NatsKvIndexMetrics(entityTemplate);
		}

	}

}
