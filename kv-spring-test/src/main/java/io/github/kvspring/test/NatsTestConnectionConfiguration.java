package io.github.kvspring.test;

import java.util.List;

import io.nats.client.Connection;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * For plain Spring tests (without Boot's auto-configuration): a {@link Connection} bean to the servers of the
 * {@code nats.servers} property, which {@link WithNatsServer} and {@link WithNatsCluster} provide. Import it.
 */
@Configuration(proxyBeanMethods = false)
public class NatsTestConnectionConfiguration {

	/**
	 * Creates the configuration.
	 */
	public NatsTestConnectionConfiguration() {
	}

	/**
	 * A connection to the test's servers, closed with the context.
	 * @param servers the comma-separated server URLs
	 * @return the connection
	 */
	@Bean(destroyMethod = "close")
	public Connection natsConnection(@Value("${nats.servers}") String servers) {
		return NatsServerExtension.connect(List.of(servers.split(",")));
	}

}
