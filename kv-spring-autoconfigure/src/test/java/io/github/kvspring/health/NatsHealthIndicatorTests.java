package io.github.kvspring.health;

import java.io.IOException;

import io.github.kvspring.data.core.KvBucketNotFoundException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the indicator shows a listener's last failure.
 */
class NatsHealthIndicatorTests {

	@Test
	void whenFailureHasAMessageThenTypeAndMessageAreShown() {
		assertThat(NatsHealthIndicator.describe(new IllegalStateException("watch of bucket 'orders' lost")))
			.isEqualTo("IllegalStateException: watch of bucket 'orders' lost");
		assertThat(NatsHealthIndicator.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
	}

	@Test
	void whenFailureMessageNamesAServerThenNeitherUrlNorCredentialsAreShown() {
		String described = NatsHealthIndicator
			.describe(new IOException("Unable to connect to nats://alice:s3cret@nats.internal:4222 (refused)"));
		assertThat(described).startsWith("IOException: Unable to connect to ")
			.endsWith(" (refused)")
			.doesNotContain("s3cret")
			.doesNotContain("alice")
			.doesNotContain("nats.internal");
		assertThat(NatsHealthIndicator.describe(new IOException("failed on alice:s3cret@nats.internal:4222")))
			.doesNotContain("s3cret");
	}

	@Test
	void whenBucketIsMissingThenItsNameIsShown() {
		assertThat(NatsHealthIndicator.describe(new KvBucketNotFoundException("orders", null))).contains("orders");
	}

}
