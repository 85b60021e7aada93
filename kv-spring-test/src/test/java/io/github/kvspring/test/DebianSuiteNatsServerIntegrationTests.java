package io.github.kvspring.test;

import io.github.kvspring.server.NatsServer;
import io.github.kvspring.server.NatsServerVersion;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class on an older Debian suite's server, for compatibility tests: its own server on 127.0.0.1 running that
 * suite's binary, older than the project supports; skipped where the binary cannot be provisioned.
 */
@WithNatsServer(debianSuite = "trixie")
class DebianSuiteNatsServerIntegrationTests {

	@Test
	void whenDebianSuiteNamedThenTheClassRunsAgainstThatSuitesOlderServerOnLoopback(NatsServer server,
			Connection connection) {
		NatsServerVersion version = server.binary().version();
		assertThat(version.isSupported()).isFalse();
		assertThat(server.url()).startsWith("nats://127.0.0.1:");
		assertThat(server.configuration()).contains("listen: \"127.0.0.1:");
		assertThat(connection.getServerInfo().getVersion()).isEqualTo(version.toString());
		assertThat(connection.getServerInfo().isJetStreamAvailable()).isTrue();
	}

}
