package io.github.kvspring.autoconfigure.testcontainers;

import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The factory's mapping, without Docker: a container that reports a host and a mapped port.
 */
class NatsContainerConnectionDetailsFactoryTests {

	static class ReportingContainer extends GenericContainer<ReportingContainer> {

		ReportingContainer() {
			super("nats:2.11");
		}

		@Override
		public String getHost() {
			return "docker-host";
		}

		@Override
		public Integer getMappedPort(int originalPort) {
			return (originalPort == NatsContainerConnectionDetailsFactory.CLIENT_PORT) ? 49_222 : -1;
		}

	}

	@Test
	void whenContainerRunsThenUrlIsItsHostAndMappedClientPort() {
		assertThat(NatsContainerConnectionDetailsFactory.url(new ReportingContainer())).isEqualTo("nats://docker-host:49222");
	}

}
