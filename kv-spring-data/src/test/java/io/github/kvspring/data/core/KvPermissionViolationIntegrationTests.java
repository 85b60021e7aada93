package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.kvspring.data.convert.KvValueConverters;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.PermissionDeniedDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A permissions violation is reported as denied only for the call it belongs to: one that arrived while the call
 * ran and names the call's subject, or its bucket's, token by token. An earlier violation (jnats keeps it as the
 * connection's last error for good) or one on a bucket whose name merely starts alike leaves other failures as
 * they are.
 */
class KvPermissionViolationIntegrationTests {

	/**
	 * User {@code app} may write {@code tenant} except its {@code secret.>} keys, and may use {@code orders} and
	 * {@code items_v2} (both missing) but not {@code orders_v2} and {@code items} (both present).
	 */
	static final String PERMISSIONS = KvLeastPrivilegeIntegrationTests.authorization("""
			publish: {
			  allow: [ "$KV.tenant.>",
			           "$KV.orders.>", "$JS.API.STREAM.INFO.KV_orders", "$JS.API.DIRECT.GET.KV_orders.>",
			           "$KV.items_v2.>", "$JS.API.STREAM.INFO.KV_items_v2", "$JS.API.DIRECT.GET.KV_items_v2.>" ]
			  deny: [ "$KV.tenant.secret.>" ]
			}
			""");

	static NatsServer server;

	/** Subscribes to subjects and never answers, so that requests there time out although allowed. */
	static Connection silent;

	@BeforeAll
	static void start() throws Exception {
		server = NatsServer.builder().configuration(PERMISSIONS).start();
		silent = connect("admin");
		KvBucketAdmin buckets = new KvBucketAdmin(silent);
		buckets.create(KvBucketDefinition.builder("orders_v2").build());
		buckets.create(KvBucketDefinition.builder("items").build());
		silent.subscribe("$KV.tenant.secret");
		silent.subscribe("$KV.orders.slow");
		silent.subscribe("$KV.items_v2.slow");
		silent.flush(Duration.ofSeconds(2));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		silent.close();
		server.close();
	}

	static Connection connect(String user) throws Exception {
		return KvLeastPrivilegeIntegrationTests.connect(server, user);
	}

	static KeyValueTemplate template(Connection connection) {
		return new KeyValueTemplate(connection, KvValueConverters.defaults(),
				JetStreamOptions.builder().requestTimeout(Duration.ofMillis(500)).build());
	}

	@Test
	void whenEarlierViolationThenLaterTimeoutOnAllowedSubjectIsOutcomeUnknown() throws Exception {
		try (Connection connection = connect("app")) {
			KeyValueTemplate template = template(connection);
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.put("tenant", "secret.x", "v"))
				.withMessageContaining("$KV.tenant.secret.x");
			assertThat(connection.getLastError()).contains("Permissions Violation");
			// "$KV.tenant.secret" is allowed (and a prefix of the refused subject); nobody answers it.
			assertThatExceptionOfType(KvWriteOutcomeUnknownException.class)
				.isThrownBy(() -> template.put("tenant", "secret", "v"))
				.withMessageContaining("bucket 'tenant'");
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.put("tenant", "secret.x", "v"));
		}
	}

	@ParameterizedTest
	@CsvSource({ "orders, orders_v2", "items_v2, items" })
	void whenSiblingBucketDeniedThenAllowedBucketFailuresAreTheirOwn(String allowed, String denied) throws Exception {
		try (Connection connection = connect("app")) {
			KeyValueTemplate template = template(connection);
			// A call on the allowed bucket that times out while the sibling's violation arrives.
			AtomicReference<Thread> writer = new AtomicReference<>();
			CompletableFuture<Throwable> slow = CompletableFuture.supplyAsync(() -> {
				writer.set(Thread.currentThread());
				try {
					template.put(allowed, "slow", "v");
					return new AssertionError("no failure");
				}
				catch (RuntimeException ex) {
					return ex;
				}
			});
			// The put is sent and waits for its answer.
			await().atMost(Duration.ofSeconds(5)).until(() -> writer.get() != null
					&& writer.get().getState() == Thread.State.TIMED_WAITING);
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.keys(denied))
				.withMessageContaining("bucket '" + denied + "'");
			assertThat(slow.get(10, TimeUnit.SECONDS)).isInstanceOf(KvWriteOutcomeUnknownException.class);
			assertThatExceptionOfType(KvBucketNotFoundException.class).isThrownBy(() -> template.keys(allowed));
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.put(denied, "k", "v"))
				.withMessageContaining("bucket '" + denied + "'");
			assertThatExceptionOfType(KvBucketNotFoundException.class)
				.isThrownBy(() -> template.get(allowed, "k", String.class));
		}
	}

}
