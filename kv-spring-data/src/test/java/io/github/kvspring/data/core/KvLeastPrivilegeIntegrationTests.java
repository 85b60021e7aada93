package io.github.kvspring.data.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.kvspring.data.listener.KvListenerContainer;
import io.github.kvspring.data.listener.KvListenerContainerFactory;
import io.github.kvspring.data.listener.KvListenerEndpoint;
import io.github.kvspring.data.listener.KvListenerErrorHandler;
import io.github.kvspring.server.NatsServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.dao.PermissionDeniedDataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A user allowed one bucket's subjects (and nothing account-wide) can use everything on it; on another bucket
 * it gets Spring's permission-denied exception naming the bucket, not a bare timeout.
 */
class KvLeastPrivilegeIntegrationTests {

	/**
	 * What a user needs for everything on bucket {@code allowed}: its KV subjects, its stream's API (info,
	 * direct and leader gets), consumers on its stream (watches, scans) and their flow control.
	 */
	static final String PERMISSIONS = authorization("""
			publish: { allow: [
			  "$KV.allowed.>",
			  "$JS.API.STREAM.INFO.KV_allowed",
			  "$JS.API.DIRECT.GET.KV_allowed", "$JS.API.DIRECT.GET.KV_allowed.>",
			  "$JS.API.STREAM.MSG.GET.KV_allowed",
			  "$JS.API.CONSUMER.CREATE.KV_allowed", "$JS.API.CONSUMER.CREATE.KV_allowed.>",
			  "$JS.API.CONSUMER.INFO.KV_allowed.>", "$JS.API.CONSUMER.DELETE.KV_allowed.>",
			  "$JS.API.CONSUMER.MSG.NEXT.KV_allowed.>",
			  "$JS.FC.KV_allowed.>"
			] }
			""");

	/**
	 * A server configuration with users {@code admin} (may do anything) and {@code app} (may subscribe to its
	 * inboxes and publish as the given permissions say).
	 * @param appPublish the {@code publish} permissions of {@code app}
	 * @return the configuration
	 */
	static String authorization(String appPublish) {
		return """
				authorization {
				  users = [
				    { user: admin, password: admin }
				    { user: app, password: app, permissions: {
				%s
				        subscribe: { allow: [ "_INBOX.>" ] }
				    } }
				  ]
				}
				""".formatted(appPublish);
	}

	static NatsServer server;

	@BeforeAll
	static void start() throws Exception {
		server = NatsServer.builder().configuration(PERMISSIONS).start();
		try (Connection admin = connect("admin")) {
			KvBucketAdmin buckets = new KvBucketAdmin(admin);
			buckets.create(KvBucketDefinition.builder("allowed").history(3).build());
			buckets.create(KvBucketDefinition.builder("forbidden").build());
		}
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	static Connection connect(String user) throws Exception {
		return connect(server, user);
	}

	/**
	 * Connects as a user of {@link #authorization(String)} (password = user name), quietly.
	 * @param server the server
	 * @param user the user
	 * @return the connection
	 */
	static Connection connect(NatsServer server, String user) throws Exception {
		return Nats.connect(Options.builder().server(server.url()).userInfo(user, user).connectionTimeout(Duration.ofSeconds(2))
			.errorListener(new io.nats.client.ErrorListener() {
			})
			.build());
	}

	@Test
	void whenUserMayUseOneBucketThenEveryOperationWorksThere() throws Exception {
		try (Connection connection = connect("app")) {
			KeyValueTemplate template = new KeyValueTemplate(connection);
			long created = template.create("allowed", "k", "v1");
			long updated = template.update("allowed", "k", "v2", created);
			assertThat(template.get("allowed", "k", String.class).revision()).isEqualTo(updated);
			assertThat(template.get("allowed", "k", created, String.class).value()).isEqualTo("v1");
			assertThat(template.keys("allowed")).contains("k");
			assertThat(template.history("allowed", "k", String.class)).hasSizeGreaterThanOrEqualTo(2);
			assertThat(template.modify("allowed", "counter", Integer.class, (n) -> (n == null) ? 1 : n + 1).value())
				.isPositive();
			List<String> seen = new CopyOnWriteArrayList<>();
			try (KvSubscription watch = template.watch("allowed", "live.*", String.class, (e) -> seen.add(e.key()))) {
				template.put("allowed", "live.1", "x");
				await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("live.1"));
			}
			template.delete("allowed", "k");
			template.purgeAll("allowed");
			assertThat(template.keys("allowed")).isEmpty();
		}
	}

	@Test
	void whenUserTouchesAnotherBucketThenPermissionDeniedNamingIt() throws Exception {
		try (Connection connection = connect("app")) {
			KeyValueTemplate template = new KeyValueTemplate(connection);
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.put("forbidden", "k", "v"))
				.withMessageContaining("bucket 'forbidden'")
				.withMessageContaining("Permissions Violation");
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.get("forbidden", "k", String.class))
				.withMessageContaining("bucket 'forbidden'");
			assertThatExceptionOfType(PermissionDeniedDataAccessException.class)
				.isThrownBy(() -> template.keys("forbidden"))
				.withMessageContaining("bucket 'forbidden'");
		}
	}

	@Test
	void whenListenerIsDeniedItsWatchThenItReportsIt() throws Exception {
		try (Connection connection = connect("app")) {
			List<Exception> failures = new CopyOnWriteArrayList<>();
			KvListenerContainerFactory factory = new KvListenerContainerFactory(new KeyValueTemplate(connection));
			factory.setErrorHandler(new KvListenerErrorHandler() {
				@Override
				public void handleWatchFailure(KvListenerContainer container, Exception failure) {
					failures.add(failure);
				}
			});
			KvListenerContainer container = factory.createContainer(KvListenerEndpoint.of("denied", "forbidden", (e) -> {
			}));
			container.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
				assertThat(failures.get(0)).isInstanceOf(PermissionDeniedDataAccessException.class)
					.hasMessageContaining("forbidden");
				assertThat(container.isConnected()).isFalse();
			}
			finally {
				container.stop();
			}
		}
	}

}
