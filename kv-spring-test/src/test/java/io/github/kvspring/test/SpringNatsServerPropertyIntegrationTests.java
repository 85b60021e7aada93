package io.github.kvspring.test;

import io.github.kvspring.server.NatsServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring test context receives {@code nats.servers} from the annotation alone.
 */
@WithNatsServer
@SpringJUnitConfig(SpringNatsServerPropertyIntegrationTests.Config.class)
class SpringNatsServerPropertyIntegrationTests {

	@Value("${nats.servers}")
	String servers;

	@Test
	void whenSharedServerThenPropertyIsItsUrl(NatsServer server) {
		assertThat(this.servers).isEqualTo(server.url());
	}

	@Nested
	class WhenNested {

		@Test
		void thenSameServerReachesNestedContext(NatsServer server, @Autowired Environment environment) {
			assertThat(environment.getProperty("nats.servers")).isEqualTo(server.url());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
