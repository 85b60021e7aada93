package io.github.kvspring.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NatsServerVersionTests {

	@Test
	void whenVersionOutputThenParsed() {
		assertThat(NatsServerVersion.parse("nats-server: v2.15.1\n")).isEqualTo(new NatsServerVersion(2, 15, 1));
		assertThat(NatsServerVersion.parse("2.11.0-RC.2")).isEqualTo(new NatsServerVersion(2, 11, 0));
	}

	@Test
	void whenNoVersionThenRejectedNamingTheText() {
		assertThatIllegalArgumentException().isThrownBy(() -> NatsServerVersion.parse("command not found"))
			.withMessageContaining("command not found");
	}

	@Test
	void whenOlderThanMinimumThenUnsupported() {
		assertThat(NatsServerVersion.parse("v2.9.10").isSupported()).isFalse();
		assertThat(NatsServerVersion.parse("v2.10.27").isSupported()).isFalse();
		assertThat(NatsServerVersion.parse("v2.11.0").isSupported()).isTrue();
		assertThat(NatsServerVersion.parse("v3.0.0").isSupported()).isTrue();
	}

	@Test
	void whenNewerMinorThanTestedThenFlagged() {
		assertThat(NatsServerVersion.parse("v2.15.9").isNewerThanTested()).isFalse();
		assertThat(NatsServerVersion.parse("v2.16.0").isNewerThanTested()).isTrue();
		assertThat(NatsServerVersion.parse("v3.0.0").isNewerThanTested()).isTrue();
		assertThat(NatsServerVersion.parse("v2.11.4").isNewerThanTested()).isFalse();
	}

	@Test
	void versionsOrderNumerically() {
		assertThat(NatsServerVersion.parse("2.10.27")).isLessThan(NatsServerVersion.parse("2.11.0"));
		assertThat(NatsServerVersion.parse("2.9.10")).isLessThan(NatsServerVersion.parse("2.10.0"));
		assertThat(NatsServerVersion.parse("2.15.1").isAtLeast(2, 11)).isTrue();
		assertThat(NatsServerVersion.parse("2.10.1").isAtLeast(2, 11)).isFalse();
	}

}
