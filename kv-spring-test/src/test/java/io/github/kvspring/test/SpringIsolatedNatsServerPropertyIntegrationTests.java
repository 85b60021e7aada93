package io.github.kvspring.test;

import io.github.kvspring.server.NatsCluster;
import io.github.kvspring.server.NatsServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Isolated servers and clusters reach their own class's Spring context, not the shared server's.
 */
class SpringIsolatedNatsServerPropertyIntegrationTests {

	@Nested
	@WithNatsServer(isolated = true)
	@SpringJUnitConfig(Config.class)
	class Isolated {

		@Value("${nats.servers}")
		String servers;

		@Test
		void thenPropertyIsTheClassOwnServer(NatsServer server) {
			assertThat(this.servers).isEqualTo(server.url());
		}

	}

	@Nested
	@WithNatsCluster(nodes = 3)
	@SpringJUnitConfig(Config.class)
	class Cluster {

		@Value("${nats.servers}")
		String servers;

		@Test
		void thenPropertyListsEveryNode(NatsCluster cluster) {
			assertThat(this.servers).isEqualTo(cluster.url()).contains(",");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
