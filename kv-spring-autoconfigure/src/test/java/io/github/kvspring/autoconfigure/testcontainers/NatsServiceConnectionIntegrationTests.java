package io.github.kvspring.autoconfigure.testcontainers;

import java.util.List;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsConnectionDetails;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole {@code @ServiceConnection} round trip with the {@code nats} image. Needs a Docker engine: skipped,
 * saying so, where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringJUnitConfig
class NatsServiceConnectionIntegrationTests {

	@Container
	@ServiceConnection
	static final GenericContainer<?> nats = new GenericContainer<>("nats:2.11").withCommand("-js")
		.withExposedPorts(NatsContainerConnectionDetailsFactory.CLIENT_PORT);

	@Autowired
	Connection connection;

	@Autowired
	NatsConnectionDetails details;

	@Test
	void whenContainerIsAServiceConnectionThenTheConnectionGoesThere() {
		assertThat(this.details.getServers()).isEqualTo(List.of(NatsContainerConnectionDetailsFactory.url(nats)));
		assertThat(this.connection.getServerInfo().isJetStreamAvailable()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, NatsKvAutoConfiguration.class })
	static class Config {

	}

}
