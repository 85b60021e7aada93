package io.github.kvspring.autoconfigure.health;

import java.util.ArrayList;
import java.util.List;

import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvProperties;
import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.data.listener.KvListenerEndpointRegistry;
import io.github.kvspring.health.NatsHealthIndicator;
import io.nats.client.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the {@link NatsHealthIndicator} when Spring Boot's health support is present; off with
 * {@code management.health.nats.enabled=false}; bucket details with {@code management.health.nats.buckets=true}.
 */
@AutoConfiguration(after = NatsKvAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, Connection.class })
@ConditionalOnBean({ Connection.class, KvBucketAdmin.class })
@ConditionalOnEnabledHealthIndicator("nats")
@EnableConfigurationProperties(NatsHealthIndicatorProperties.class)
public final class NatsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "natsHealthIndicator")
	NatsHealthIndicator natsHealthIndicator(Connection connection, KvBucketAdmin admin, NatsKvProperties properties,
			NatsHealthIndicatorProperties health, ObjectProvider<KvListenerEndpointRegistry> listeners) {
		return new NatsHealthIndicator(connection, admin,
				health.isBuckets() ? new ArrayList<>(properties.getBuckets().keySet()) : List.of(),
				health.getBucketTimeout(), listeners.getIfUnique());
	}

}
