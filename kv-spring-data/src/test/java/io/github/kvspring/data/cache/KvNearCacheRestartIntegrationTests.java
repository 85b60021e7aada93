package io.github.kvspring.data.cache;

import java.time.Duration;
import java.util.List;

import io.github.kvspring.data.core.KeyValueTemplate;
import io.github.kvspring.server.NatsServer;
import io.github.kvspring.test.NatsServerExtension;
import io.github.kvspring.test.NatsServerFreeze;
import io.github.kvspring.test.UniqueNames;
import io.github.kvspring.test.WithNatsServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Near caches across a server restart, a stopped server and a frozen one, on a server of this class's own: the
 * local map is bypassed as soon as its watch cannot be trusted, so no read after the trouble returns a value the
 * bucket no longer holds, and it answers again once a new watch is open.
 */
@WithNatsServer(isolated = true)
class KvNearCacheRestartIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(10);

	private final NatsServer server;

	private final Connection connection;

	private final String name = UniqueNames.bucket("restart");

	private final TwoInstances instances;

	KvNearCacheRestartIntegrationTests(NatsServer server, Connection connection) {
		this.server = server;
		this.connection = connection;
		this.instances = new TwoInstances(server, connection, 100, (here) -> here);
	}

	@AfterEach
	void close() throws InterruptedException {
		this.instances.close();
	}

	private KvCache here() {
		return this.instances.here(this.name);
	}

	private KvCache there() {
		return this.instances.there(this.name);
	}

	private void awaitConnected() {
		await().atMost(BOUND).until(() -> this.connection.getStatus() == Connection.Status.CONNECTED
				&& this.instances.otherConnection.getStatus() == Connection.Status.CONNECTED);
	}

	@Test
	void whenServerRestartsThenTheFirstReadAfterwardsSeesTheNewValueAndTheNearCacheComesBack() {
		KvCache here = here();
		KvCache there = there();
		there.put("dune", "before");
		assertThat(here.get("dune").get()).isEqualTo("before");
		assertThat(here.isNearCached("dune")).isTrue();

		this.server.restart();
		awaitConnected();
		there.put("dune", "after the restart");
		assertThat(here.get("dune").get()).isEqualTo("after the restart");

		await().atMost(BOUND).until(() -> here.getNearCacheBypassReason() == null);
		here.get("dune");
		await().atMost(BOUND).until(() -> here.isNearCached("dune"));
		there.put("dune", "watched again");
		await().atMost(BOUND).until(() -> !here.isNearCached("dune"));
		assertThat(here.get("dune").get()).isEqualTo("watched again");
	}

	@Test
	void whenServerIsDownThenReadsGoToTheBucketAndFailRatherThanAnswerLocally() {
		KvCache here = here();
		here.put("emma", "Emma");
		assertThat(here.isNearCached("emma")).isTrue();
		this.server.stop();
		try {
			await().atMost(BOUND).until(() -> here.getNearCacheBypassReason() != null);
			assertThat(here.isNearCached("emma")).isFalse();
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> here.get("emma"));
		}
		finally {
			this.server.start();
		}
		awaitConnected();
		await().atMost(BOUND).until(() -> here.getNearCacheBypassReason() == null);
		assertThat(here.get("emma").get()).isEqualTo("Emma");
		assertThat(here.isNearCached("emma")).isTrue();
	}

	@Test
	void whenServerFreezesThenTheWatchCheckBypassesTheNearCacheWithoutADisconnection() {
		KvCache here = here();
		here.put("ulysses", "Ulysses");
		assertThat(here.isNearCached("ulysses")).isTrue();
		NatsServerFreeze.freeze(this.server);
		try {
			await().atMost(BOUND).until(() -> here.getNearCacheBypassReason() != null);
			assertThat(here.getNearCacheBypassReason()).contains("did not catch up");
			assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThat(here.isNearCached("ulysses")).isFalse();
		}
		finally {
			NatsServerFreeze.thaw(this.server);
		}
		await().atMost(BOUND).until(() -> here.getNearCacheBypassReason() == null);
		assertThat(here.get("ulysses").get()).isEqualTo("Ulysses");
	}

}
