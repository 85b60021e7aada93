package io.github.kvspring.autoconfigure.metrics;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.metrics.NatsConnectionMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the connection's meters when Micrometer is present.
 */
@AutoConfiguration(after = NatsAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, Connection.class })
@ConditionalOnBean(Connection.class)
public final class NatsMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	NatsConnectionMetrics natsConnectionMetrics(Connection connection) {
		return new NatsConnectionMetrics(connection);
	}

}
