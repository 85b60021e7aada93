package io.github.kvspring.autoconfigure.health;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import io.github.kvspring.autoconfigure.NatsAutoConfiguration;
import io.github.kvspring.autoconfigure.NatsKvAutoConfiguration;
import io.github.kvspring.health.NatsHealthIndicator;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerFreeze;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health probe against a server that stops answering: it ends within its bucket timeout, every bucket
 * saying it did not answer, instead of waiting a request timeout per bucket.
 */
class NatsHealthIntegrationTests {

	@Test
	void whenServerStallsThenTheProbeEndsWithinItsTimeoutForEveryBucket() throws Exception {
		try (NatsServer server = NatsServer.startJetStream()) {
			List<String> buckets = IntStream.range(0, 10).mapToObj((i) -> "health-" + i).toList();
			String[] properties = buckets.stream().map((bucket) -> "nats.kv.buckets." + bucket + ".history=1")
				.toArray(String[]::new);
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, NatsKvAutoConfiguration.class,
						NatsHealthContributorAutoConfiguration.class))
				.withPropertyValues("nats.servers=" + server.url(), "management.health.nats.buckets=true",
						"management.health.nats.bucket-timeout=300ms")
				.withPropertyValues(properties)
				.run((context) -> {
					NatsHealthIndicator indicator = context.getBean(NatsHealthIndicator.class);
					assertThat(bucketDetails(indicator.health(true))).hasSize(10)
						.allSatisfy((bucket, state) -> assertThat(state).isInstanceOf(Map.class));
					NatsServerFreeze.freeze(server);
					Health stalled;
					try {
						stalled = indicator.health(true);
					}
					finally {
						NatsServerFreeze.thaw(server);
					}
					assertThat(stalled.getStatus()).as("the connection itself is still up").isEqualTo(Status.UP);
					assertThat(bucketDetails(stalled)).hasSize(10)
						.allSatisfy((bucket, state) -> assertThat(state).isEqualTo("no answer within 300 ms"));
				});
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> bucketDetails(Health health) {
		return (Map<String, Object>) health.getDetails().get("buckets");
	}

}
