package io.github.kvspring.autoconfigure.startup;

import io.github.kvspring.data.core.KvBucketAdmin;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Start-up failures as a user meets them: a {@link org.springframework.boot.SpringApplication} that cannot start
 * prints a failure analysis naming the property or bean, the value (never a secret) and the rule, and creates
 * nothing.
 */
@WithNatsServer
@ExtendWith(OutputCaptureExtension.class)
class NatsStartupFailureIntegrationTests {

	private static void run(Class<?> application, String... properties) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(application)
			.web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "management.health.nats.enabled=false")
			.properties(properties)
			.run()
			.close());
	}

	@Test
	void whenValueLimitIsAboveBucketLimitThenAnalysisNamesThePropertyAndNothingIsCreated(NatsServer server,
			Connection connection, CapturedOutput output) {
		String bucket = UniqueNames.bucket("limits");
		run(Application.class, "nats.servers=" + server.url(), "nats.kv.buckets." + bucket + ".max-bucket-size=1MB",
				"nats.kv.buckets." + bucket + ".max-value-size=2MB");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("nats.kv.buckets." + bucket + ".max-value-size")
			.contains("must not exceed max bucket size (1048576 bytes)");
		assertThat(new KvBucketAdmin(connection).info(bucket)).isNull();
	}

	@Test
	void whenServerUrlIsMalformedThenAnalysisNamesThePropertyWithoutThePassword(CapturedOutput output) {
		run(Application.class, "nats.servers=nats://ada:s3cret-pw@not a url::");
		assertThat(output).contains("APPLICATION FAILED TO START").contains("nats.servers").doesNotContain("s3cret-pw");
	}

	@Test
	void whenAKvPropertyIsMisspelledOrABucketNameHasADotThenAnalysisNamesIt(NatsServer server, Connection connection,
			CapturedOutput output) {
		run(Application.class, "nats.servers=" + server.url(), "nats.kv.buckets.orders.v2.history=3",
				"nats.kv.read-consistancy=leader");
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("nats.kv.buckets.orders.v2.history")
			.contains("nats.kv.read-consistancy");
		assertThat(new KvBucketAdmin(connection).info("orders")).isNull();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
